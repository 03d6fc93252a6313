from django.urls import path

from consultations import (
    urls_chair_summary,
    urls_delegations,
    urls_exports,
    urls_floor,
    urls_positions,
    urls_seats,
    urls_speakers,
    urls_statements,
)
from consultations.views import portal

app_name = "secretariat"
urlpatterns = [
    path("", portal.SecretariatDashboardView.as_view(), name="dashboard"),
    *urls_seats.secretariat_patterns,
    *urls_speakers.secretariat_patterns,
    *urls_floor.secretariat_patterns,
    *urls_statements.secretariat_patterns,
    *urls_positions.secretariat_patterns,
    *urls_delegations.secretariat_patterns,
    *urls_exports.secretariat_patterns,
    *urls_chair_summary.secretariat_patterns,
]
