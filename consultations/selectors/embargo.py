"""Reads of the "check against delivery" embargo as the clock sees it."""

import datetime

from django.db.models import F
from django.utils import timezone

from consultations.models import Statement


def embargo_next_lift(*, now: datetime.datetime | None = None) -> datetime.datetime | None:
    """The next moment after ``now`` (by default the current time) at which a statement becomes
    public with no write, its embargo lifting; None when no statement waits for one. The page
    cache asks it (setting ``PUBLIC_PAGE_CACHE_VALID_UNTIL``).

    Changes nothing; raises nothing.
    """
    now = now or timezone.now()
    # Those the public rule lets through at their own embargo time: the rule is stated once,
    # on the queryset, and asked here at the moment each embargo would lift.
    waiting = Statement.objects.filter(embargo_until__gt=now).public(now=F("embargo_until"))
    return waiting.order_by("embargo_until").values_list("embargo_until", flat=True).first()
