"""Every time shown says its zone: ``{% load zones %}``.

Inside ``{% timezone meeting|venue_zone %}`` (the venue's zone, as the pages already switch to
it), ``{{ value|zoned }}`` shows "14 September 2006, 10:00 EDT" and ``{{ value|zoned:"H:i" }}``
"10:00 EDT". On a signed-in page whose user has set their own zone (``own_zone`` in the
context), ``{% own_time value %}`` adds "(16:00 CEST your time)".
"""

from django import template
from django.utils import timezone
from django.utils.translation import gettext

from consultations.venue_time import format_in_zone, zone_of

register = template.Library()


@register.filter
def zoned(value, fmt: str = "DATETIME_FORMAT") -> str:
    """A time in the page's current zone (the venue's), with the zone's abbreviation."""
    if not value:
        return ""
    return format_in_zone(value, timezone.get_current_timezone(), fmt)


@register.filter
def venue_zone(obj) -> str:
    """The zone name of a venue, meeting, speakers list, statement or process, for
    ``{% timezone %}``; UTC when it has no venue yet."""
    tz = zone_of(obj)
    return tz.key if tz else "UTC"


@register.simple_tag(takes_context=True)
def own_time(context, value) -> str:
    """The user's own time for ``value`` when their zone differs from the page's."""
    own = zone_of(context.get("own_zone") or None)
    shown = timezone.get_current_timezone()
    if value is None or own is None or own.key == getattr(shown, "key", None):
        return ""
    local = value.astimezone(shown)
    mine = value.astimezone(own)
    fmt = "H:i" if mine.date() == local.date() else "SHORT_DATETIME_FORMAT"
    return gettext("(%(time)s your time)") % {"time": format_in_zone(value, own, fmt)}
