"""Writes of statements: one function per state change.

A statement goes draft -> submitted -> published, or submitted -> returned (with the
Secretariat's reason) -> submitted again; any statement but a withdrawn one may be withdrawn, and
stays in the record. The delegation acts for its own stakeholder (``consultations.act_for``) and
only until the meeting's ``statement_deadline``; after it only the Secretariat
(``consultations.review_statements``) changes anything.

Every change runs in one transaction on the locked row, saves with ``update_fields`` and writes
exactly one history row with the actor (themes included), keeps the PostgreSQL search vector
current, and mails the delegation's focal points on commit when a statement is received,
returned or published. Nothing is deleted: a replaced file stays in storage and its name in the
history. A new file is stored before its row and removed again if the change fails; the sweep
removes what a killed worker left.

The modules: ``errors``, ``checks`` (who may change what, until when), ``writing`` (the locked
row, the history row, the search vector), ``files`` (a file kept only with its row, the
sweep), ``mail`` (the notices), ``editing`` (create and
update a draft) and ``workflow`` (submit, return, publish, withdraw).
"""

from consultations.services.statements.checks import (
    check_membership,
    statement_check_deadline,
    statement_check_editable,
)
from consultations.services.statements.editing import (
    UPDATABLE_FIELDS,
    statement_create,
    statement_update,
)
from consultations.services.statements.errors import (
    AlreadyWithdrawn,
    DeadlinePassed,
    FileNotStored,
    InvalidStatement,
    InvalidStatementFile,
    NotAMemberState,
    NotSubmittable,
    NotSubmitted,
    ReasonRequired,
    StatementError,
    StatementIncomplete,
    StatementNotEditable,
    StatementsNotSubmitted,
)
from consultations.services.statements.files import statement_files_sweep
from consultations.services.statements.workflow import (
    statement_publish,
    statement_return,
    statement_submit,
    statement_withdraw,
    statements_publish_bulk,
)
from consultations.services.statements.writing import statement_search_refresh

__all__ = [
    "UPDATABLE_FIELDS",
    "AlreadyWithdrawn",
    "DeadlinePassed",
    "FileNotStored",
    "InvalidStatement",
    "InvalidStatementFile",
    "NotAMemberState",
    "NotSubmittable",
    "NotSubmitted",
    "ReasonRequired",
    "StatementError",
    "StatementIncomplete",
    "StatementNotEditable",
    "StatementsNotSubmitted",
    "check_membership",
    "statement_check_deadline",
    "statement_check_editable",
    "statement_create",
    "statement_files_sweep",
    "statement_publish",
    "statement_return",
    "statement_search_refresh",
    "statement_submit",
    "statement_update",
    "statement_withdraw",
    "statements_publish_bulk",
]
