"""Public pages of the consultation: programme, meetings, feeds, published statements,
positions and the Chair's summary.

Included at the root without a namespace: these are the addresses of the public contract. Every
pattern here is a page the same for every anonymous reader in a language, which the project
keeps whole in its page cache (hlderp/urls.py includes this module with ``public_pages``): a
route whose answer depends on who asks belongs elsewhere (``urls_statements.root_patterns``).
"""

from django.urls import path

from consultations import urls_positions, urls_statements_public
from consultations.views import programme

urlpatterns = [
    path("programme/", programme.ProgrammeView.as_view(), name="programme"),
    path("programme.ics", programme.ProgrammeICSView.as_view(), name="programme_ics"),
    path("programme.json", programme.ProgrammeJSONView.as_view(), name="programme_json"),
    path("meetings/<slug:slug>/", programme.MeetingDetailView.as_view(), name="meeting"),
    path("meetings/<slug:slug>.ics", programme.MeetingICSView.as_view(), name="meeting_ics"),
    *urls_statements_public.urlpatterns,
    *urls_positions.public_patterns,
]
