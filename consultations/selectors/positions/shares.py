"""A share of stakeholders in the words of the Chair's summary."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# Anchors of the usual phrases; a share takes the nearest one (the first on a tie).
SHARE_ANCHORS: list[tuple[float, object]] = [
    (1 / 10, _("about one in ten")),
    (1 / 5, _("about one in five")),
    (1 / 4, _("about a quarter")),
    (1 / 3, _("about a third")),
    (2 / 5, _("about two in five")),
    (1 / 2, _("about half")),
    (3 / 5, _("about three in five")),
    (2 / 3, _("about two-thirds")),
    (3 / 4, _("about three-quarters")),
    (4 / 5, _("about four in five")),
]


def share_in_words(fraction: float) -> str:
    """A share as the Chair's summary says it: 6/9 is "about two-thirds", 0.95 "nearly all".

    "none" for 0 and "all" for 1; "very few" below 5%, "nearly all" from 90%; otherwise the
    nearest of one in ten, one in five, a quarter, a third, two in five, half, three in five,
    two-thirds, three-quarters, four in five. Raises ValueError outside 0..1.
    """
    if fraction is None or not 0 <= fraction <= 1:
        raise ValueError(f"a share is between 0 and 1, not {fraction!r}")
    if fraction == 0:
        return gettext("none")
    if fraction == 1:
        return gettext("all")
    if fraction < 0.05:
        return gettext("very few")
    if fraction >= 0.9:
        return gettext("nearly all")
    _anchor, words = min(SHARE_ANCHORS, key=lambda anchor: abs(anchor[0] - fraction))
    return str(words)
