from django.core.management.base import BaseCommand
from django.db import connection

from consultations.search import statement_search_refresh_all


class Command(BaseCommand):
    help = (
        "Rebuild the full-text search vector of every statement (PostgreSQL), e.g. after "
        "statements were loaded in bulk. Does nothing on SQLite, which searches the text itself."
    )

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            self.stdout.write("SQLite keeps no search vector: nothing to rebuild.")
            return
        count = statement_search_refresh_all()
        self.stdout.write(self.style.SUCCESS(f"Rebuilt the search vector of {count} statements."))
