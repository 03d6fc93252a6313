"""Reads of speakers lists (owned by the speakers work; bodies to be written)."""


def meeting_speakers(*, meeting):
    """The speakers list of a meeting in order with expected floor times, or None."""
    return None


def portal_context(*, user, process) -> dict:
    """Context for templates/consultations/speakers/_portal.html in the delegate portal."""
    return {}
