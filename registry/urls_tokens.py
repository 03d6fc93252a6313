"""Personal API tokens, under /accounts/api-tokens/."""

from django.urls import path

from registry import views_tokens

app_name = "api_tokens"

urlpatterns = [
    path("", views_tokens.ApiTokenListView.as_view(), name="list"),
    path("<int:pk>/revoke/", views_tokens.ApiTokenRevokeView.as_view(), name="revoke"),
]
