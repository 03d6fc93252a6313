"""The Django admin of consultations, as the Secretariat uses it: one module per area.

Models with history use SimpleHistoryAdmin, so every change page links to its history. Models
with a workflow (statements, seats, inscriptions, positions) change only through their services:
see :mod:`.workflow`.
"""

from consultations.admin import meetings, processes, seats, speakers, statements, webhooks

__all__ = [
    "meetings",
    "processes",
    "seats",
    "speakers",
    "statements",
    "webhooks",
]
