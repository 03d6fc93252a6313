"""Public routes of the consultation: programme, meetings, feeds (owned by the programme work).

Included at the root without a namespace: these are the addresses of the public contract.
"""

from django.urls import path

from consultations import urls_positions, urls_statements, urls_statements_public
from consultations.views import programme
from hlderp.public_cache import public_page

urlpatterns = [
    path("programme/", public_page(programme.ProgrammeView.as_view()), name="programme"),
    path("programme.ics", public_page(programme.ProgrammeICSView.as_view()), name="programme_ics"),
    path(
        "programme.json", public_page(programme.ProgrammeJSONView.as_view()), name="programme_json"
    ),
    path(
        "meetings/<slug:slug>/", public_page(programme.MeetingDetailView.as_view()), name="meeting"
    ),
    path(
        "meetings/<slug:slug>.ics",
        public_page(programme.MeetingICSView.as_view()),
        name="meeting_ics",
    ),
    *urls_statements_public.urlpatterns,
    *urls_statements.public_patterns,
    *urls_positions.public_patterns,
]
