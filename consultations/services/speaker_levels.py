"""The Secretariat's decisions on a delegate's request to speak at a higher level than the
registry supports (see inscription_create and registered_level in services/speakers.py).

Apart from services/speakers.py only to keep each module under 600 lines; it uses the same
row lock and renumbering, so a decision queues behind inscriptions and moves on the same list.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations.choices import LevelRequestStatus
from consultations.models import Inscription, InscriptionMove, SpeakersList
from consultations.services.speakers import (
    NoLevelRequest,
    ReasonRequired,
    _lock,
    _on_list,
    _protocol_index,
    _renumber,
    _require_manage_speakers,
    speaking_order_key,
)


def _pending_request(
    inscription: Inscription,
) -> tuple[SpeakersList, list[Inscription], Inscription]:
    """Lock the list; return it, its rows in order and the inscription, fresh from them.

    Raises NoLevelRequest unless the inscription holds a place and has a pending request."""
    locked = _lock(inscription.speakers_list)
    rows = _on_list(locked)
    current = next((row for row in rows if row.pk == inscription.pk), None)
    if current is None or current.level_request_status != LevelRequestStatus.PENDING:
        raise NoLevelRequest(
            _("There is no pending request for a higher level on this inscription.")
        )
    return locked, rows, current


def _save_decision(current: Inscription, *, actor, status: str, at, reason: str) -> None:
    current.level_request_status = status
    current.level_decided_by = actor
    current.level_decided_at = at
    current.level_decision_reason = reason
    current._history_user = actor  # the decision's history row names who decided
    current.save(
        update_fields=[
            "level",
            "level_request_status",
            "level_decided_by",
            "level_decided_at",
            "level_decision_reason",
        ]
    )


def inscription_level_confirm(
    *, actor, inscription: Inscription, reason: str = "", at: datetime.datetime | None = None
) -> Inscription:
    """Confirm ``inscription``'s pending request for a higher level: the list orders it at
    the requested level from now on, and it takes its protocol place among the speakers who
    have not spoken (an InscriptionMove records the change of place, by ``actor``).

    Writes the decision (who, when, why) and its history row in the same transaction. Raises
    PermissionDenied unless ``actor`` is the Secretariat; NoLevelRequest unless a request is
    pending on an inscription holding a place.
    """
    _require_manage_speakers(actor)
    at = at or timezone.now()
    reason = (reason or "").strip()
    with transaction.atomic():
        _locked, rows, current = _pending_request(inscription)
        current.level = current.requested_level
        _save_decision(
            current, actor=actor, status=LevelRequestStatus.CONFIRMED, at=at, reason=reason
        )
        from_position = current.position
        rows.remove(current)
        rows.insert(_protocol_index(rows, speaking_order_key(current)), current)
        _renumber(rows, actor=actor)
        if current.position != from_position:
            InscriptionMove.objects.create(
                inscription=current,
                from_position=from_position,
                to_position=current.position,
                reason=_("Level of representation confirmed: %(level)s")
                % {"level": current.get_level_display()},
                moved_by=actor,
            )
    return current


def inscription_level_refuse(
    *, actor, inscription: Inscription, reason: str, at: datetime.datetime | None = None
) -> Inscription:
    """Refuse ``inscription``'s pending request for a higher level: it keeps its registered
    level and its place.

    Writes the decision (who, when, why) and its history row in the same transaction. Raises
    PermissionDenied unless ``actor`` is the Secretariat; ReasonRequired for a blank reason;
    NoLevelRequest unless a request is pending on an inscription holding a place.
    """
    _require_manage_speakers(actor)
    at = at or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired(_("Say why the requested level is refused."))
    with transaction.atomic():
        _locked, _rows, current = _pending_request(inscription)
        _save_decision(
            current, actor=actor, status=LevelRequestStatus.REFUSED, at=at, reason=reason
        )
    return current
