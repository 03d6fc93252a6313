"""PostgreSQL keeps a running count of statements by state
(consultations/selectors/statement_tally.py): the public list counts 80,000 published
statements without reading them. Its triggers add a
row of +1 and -1 for each change of a statement's state, and never update one, so that two
transactions never wait on each other for it. SQLite counts the statements themselves. Written
to run again over what it made (an archive restored into a migrated database)."""

from django.db import migrations

CREATE = """
CREATE TABLE IF NOT EXISTS consultations_statement_tally (
    id bigserial PRIMARY KEY,
    state text NOT NULL,
    n bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS consultations_statement_tally_state ON consultations_statement_tally (state);

CREATE OR REPLACE FUNCTION consultations_statement_tally_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO consultations_statement_tally (state, n) VALUES (NEW.state, 1);
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO consultations_statement_tally (state, n) VALUES (OLD.state, -1);
    ELSE
        INSERT INTO consultations_statement_tally (state, n)
        VALUES (OLD.state, -1), (NEW.state, 1);
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION consultations_statement_tally_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM consultations_statement_tally;
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS statement_tally_insert_delete ON consultations_statement;
DROP TRIGGER IF EXISTS statement_tally_update ON consultations_statement;
DROP TRIGGER IF EXISTS statement_tally_truncate ON consultations_statement;
CREATE TRIGGER statement_tally_insert_delete
    AFTER INSERT OR DELETE ON consultations_statement
    FOR EACH ROW EXECUTE FUNCTION consultations_statement_tally_row();
CREATE TRIGGER statement_tally_update
    AFTER UPDATE OF state ON consultations_statement
    FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state)
    EXECUTE FUNCTION consultations_statement_tally_row();
CREATE TRIGGER statement_tally_truncate
    AFTER TRUNCATE ON consultations_statement
    FOR EACH STATEMENT EXECUTE FUNCTION consultations_statement_tally_truncate();

DELETE FROM consultations_statement_tally;
INSERT INTO consultations_statement_tally (state, n)
    SELECT state, COUNT(*) FROM consultations_statement GROUP BY state;
"""

DROP = """
DROP TRIGGER IF EXISTS statement_tally_truncate ON consultations_statement;
DROP TRIGGER IF EXISTS statement_tally_update ON consultations_statement;
DROP TRIGGER IF EXISTS statement_tally_insert_delete ON consultations_statement;
DROP FUNCTION IF EXISTS consultations_statement_tally_truncate();
DROP FUNCTION IF EXISTS consultations_statement_tally_row();
DROP TABLE IF EXISTS consultations_statement_tally;
"""


def create_tally(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_tally(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("consultations", "0017_statements")]

    operations = [migrations.RunPython(create_tally, drop_tally)]
