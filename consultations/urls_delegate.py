from django.urls import path

from consultations import urls_positions, urls_seats, urls_speakers, urls_statements
from consultations.views import portal, webhooks

app_name = "delegate"
urlpatterns = [
    path("", portal.DelegatePortalView.as_view(), name="portal"),
    path("settings/", portal.DelegateSettingsView.as_view(), name="settings"),
    path("webhooks/", webhooks.WebhookListView.as_view(), name="webhooks"),
    path("webhooks/<int:pk>/delete/", webhooks.WebhookDeleteView.as_view(), name="webhooks-delete"),
    *urls_seats.delegate_patterns,
    *urls_speakers.delegate_patterns,
    *urls_statements.delegate_patterns,
    *urls_positions.delegate_patterns,
]
