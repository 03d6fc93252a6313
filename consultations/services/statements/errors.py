"""The errors of the statement services: each a change the rules do not allow."""


class StatementError(Exception):
    """A change to a statement that the rules do not allow; the message says why."""


class DeadlinePassed(StatementError):
    pass


class StatementNotEditable(StatementError):
    pass


class NotSubmittable(StatementError):
    pass


class NotSubmitted(StatementError):
    pass


class StatementsNotSubmitted(NotSubmitted):
    """A bulk publication refused as a whole; ``not_submitted`` lists the ids that blocked it."""

    def __init__(self, message: str, *, not_submitted: list[int]):
        super().__init__(message)
        self.not_submitted = not_submitted


class AlreadyWithdrawn(StatementError):
    pass


class ReasonRequired(StatementError):
    pass


class StatementIncomplete(StatementError):
    pass


class InvalidStatement(StatementError):
    pass


class InvalidStatementFile(StatementError):
    pass


class FileNotStored(StatementError):
    """The file storage refused or could not be reached: nothing of the change was saved."""


class NotAMemberState(InvalidStatement):
    """A statement as a Member State at a meeting held before its admission (or after its
    dissolution): it was not a Member that day."""
