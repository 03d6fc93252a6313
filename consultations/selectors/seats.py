"""Reads of round-table seats (owned by the seats work; bodies to be written)."""


def meeting_seats(*, meeting) -> list:
    """The seats of a round table with delegation, stakeholder and regional group loaded."""
    return []


def portal_context(*, user, process) -> dict:
    """Context for templates/consultations/seats/_portal.html in the delegate portal."""
    return {}
