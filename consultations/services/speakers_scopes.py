"""The page-cache scope of the speakers lists' and the floor's services: what they write shows
on their meeting's process's pages only (consultations/page_scopes.py)."""

import functools

from consultations.models import SpeakersList
from consultations.page_scopes import speakers_scopes, writes_shown_on


def shown_on_its_process(service):
    """Declare the writes of a speakers-list or floor service (given ``speakers_list=``,
    ``inscription=`` or a floor's ``turn=``) as changing the public record of its meeting's
    process only (the meeting page's speakers list and floor): the other processes' pages stay
    in the page cache (consultations/page_scopes.py)."""

    @functools.wraps(service)
    def declared(*args, **kwargs):
        if "turn" in kwargs:  # a turn at the floor (services/floor.py)
            lists = SpeakersList.objects.filter(floor__pk=kwargs["turn"].floor_id)
        else:
            target = kwargs.get("speakers_list") or kwargs["inscription"]
            list_id = target.pk if isinstance(target, SpeakersList) else target.speakers_list_id
            lists = SpeakersList.objects.filter(pk=list_id)
        process_id = lists.values_list("meeting__process_id", flat=True).first()
        if process_id is None:  # no such list: the service says so, and writes nothing
            return service(*args, **kwargs)
        with writes_shown_on(*speakers_scopes(process_id)):
            return service(*args, **kwargs)

    return declared
