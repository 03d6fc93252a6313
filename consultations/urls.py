"""Public pages of the consultation: programme, meetings, feeds, published statements,
positions and the Chair's summary.

``process_patterns`` are the pages of one process. The project includes them twice, the same
list: at the root without a namespace, where they show the process marked current (the
addresses of the public contract), and under ``/p/<slug:process>/`` in the ``p`` namespace,
where each process keeps its own stable addresses (consultations/addresses.py builds both).
Meetings and statements have addresses of their own whatever their process: root only.

Every pattern here is a page the same for every anonymous reader in a language, which the project
keeps whole in its page cache (hlderp/urls.py includes these with ``public_pages``): a route
whose answer depends on who asks belongs elsewhere (``urls_statements.root_patterns``).
"""

from django.urls import path

from consultations import urls_chair_summary, urls_positions, urls_statements_public
from consultations.views import programme, search

process_patterns: list = [
    path("programme/", programme.ProgrammeView.as_view(), name="programme"),
    path("programme.ics", programme.ProgrammeICSView.as_view(), name="programme_ics"),
    path("programme.json", programme.ProgrammeJSONView.as_view(), name="programme_json"),
    *urls_statements_public.process_patterns,
    *urls_positions.public_patterns,
    *urls_chair_summary.public_patterns,
]

urlpatterns = [
    *process_patterns,
    path("meetings/<slug:slug>/", programme.MeetingDetailView.as_view(), name="meeting"),
    path("meetings/<slug:slug>.ics", programme.MeetingICSView.as_view(), name="meeting_ics"),
    *urls_statements_public.urlpatterns,
    path("search/", search.RecordSearchView.as_view(), name="search"),
]
