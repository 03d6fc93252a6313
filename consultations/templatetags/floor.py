"""The live floor panel, for the pages that show it beside their own content: the public
meeting page (``floor_panel``, rendered as one of its fragments by
consultations/fragments_meeting.py) and the delegate portal (``{% floor_portal process %}``)."""

from django import template
from django.utils import translation

from consultations.selectors.floor import floor_payload, floor_state, floors_in_session

register = template.Library()


def _panel(speakers_list, *, heading: str) -> dict:
    from consultations.views.floor import events_url

    state = floor_state(speakers_list=speakers_list)
    return {
        "state": state,
        "payload": floor_payload(state),
        "events_url": events_url(speakers_list.meeting.slug, translation.get_language()),
        "meeting": speakers_list.meeting,
        "heading": heading,
    }


@register.inclusion_tag("consultations/floor/_panel.html", takes_context=True)
def floor_panel(context, speakers_list, heading: str = "h3"):
    """The floor of ``speakers_list``'s meeting, live; hidden while it is not in session
    (it shows itself when the sitting begins)."""
    return {"request": context.get("request"), **_panel(speakers_list, heading=heading)}


@register.inclusion_tag("consultations/floor/_portal.html", takes_context=True)
def floor_portal(context, process, speakers_lists=None):
    """The floors of ``process`` in session, live, for the delegate portal; found among
    ``speakers_lists`` (the portal's ListStates) when given."""
    if process is None:
        return {"panels": []}
    lists = None if speakers_lists is None else [state.speakers_list for state in speakers_lists]
    return {
        "request": context.get("request"),
        "panels": [
            _panel(speakers_list, heading="h3")
            for speakers_list in floors_in_session(processes=[process], lists=lists)
        ],
    }
