"""Root URLs: the public contract of DESIGN.md."""

from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from consultations import urls, urls_floor, urls_statements
from consultations.page_scopes import REGISTRY_SHOWS
from consultations.views import programme
from hlderp import health
from hlderp.accounts import password_reset
from hlderp.public_cache import public_page, public_pages
from registry.api.views import NotFoundView as ApiNotFoundView
from registry.views_accounts import LandingView

admin.site.site_header = _("hlderp administration")
admin.site.site_title = _("hlderp")
admin.site.index_title = _("Secretariat administration")

urlpatterns = [
    # The public pages, the same for every anonymous reader in a language: kept whole in the
    # page cache (hlderp/public_cache.py). The apps' urlconfs group them; the project marks them.
    path("", public_page(programme.HomeView.as_view()), name="home"),
    path("", public_pages("consultations.urls")),
    # Each process's own pages and feeds, at addresses that never change (the "p" namespace):
    # the same patterns as the root's, which show the process marked current.
    path("p/<slug:process>/", public_pages((urls.process_patterns, "p"))),
    # The registry's pages show the registry only: a write to a process leaves them cached.
    path("registry/", public_pages("registry.urls", shows=REGISTRY_SHOWS)),
    # Everything below is rendered for whoever asks.
    path("", include(urls_statements.root_patterns)),
    # The hall's projector and the live event stream: current to the second, never cached.
    path("", include(urls_floor.public_patterns)),
    path("delegate/", include("consultations.urls_delegate")),
    path("secretariat/", include("consultations.urls_secretariat")),
    # Before Django's own: the reset link comes from SITE_URL, not the request (hlderp/accounts.py).
    path("accounts/password_reset/", password_reset, name="password_reset"),
    path("accounts/two-factor/", include("registry.urls_otp")),
    path("accounts/api-tokens/", include("registry.urls_tokens")),
    # After signing in without ``next``: the Secretariat's pages, the portal or the front page.
    path("accounts/landing/", LandingView.as_view(), name="landing"),
    path("accounts/", include("django.contrib.auth.urls")),
    # Choosing the interface language changes nothing but a cookie of the chooser's own: no CSRF
    # token, so that the language form leaves public pages the same for every reader (cacheable).
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    # The API (README "API"): each app's routes under /api/v1/, the OpenAPI description and its
    # documentation page (Swagger UI from drf-spectacular-sidecar's files: no CDN, no inline
    # script); any other /api/ address answers a problem (application/problem+json).
    path("api/v1/", include("consultations.api.urls", namespace="api")),
    path("api/v1/registry/", include("registry.api.urls", namespace="api-registry")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    # Any character after api/, a newline too (``path`` would leave those to Django's HTML 404).
    re_path(r"^api/(?P<rest>[\s\S]*)\Z", ApiNotFoundView.as_view(), name="api-not-found"),
    # For the load balancer and the release (hlderp/health.py, docs/deployment.md).
    path("health/live/", health.live, name="health-live"),
    path("health/ready/", health.ReadinessView.as_view(), name="health-ready"),
]
# An unreachable database answers 503 "temporarily unavailable", not 500 (hlderp/outage.py).
handler500 = "hlderp.outage.server_error"
# Uploaded files are never served from MEDIA_URL: the statement views check who may see them.
