"""The app's URLs plus ``/bench/bare/``: the floor every page is compared with."""

from django.http import HttpResponse
from django.urls import include, path


def bare_view(request):
    """A bare Django view: the middleware stack and a short text, no database, no template."""
    return HttpResponse("hlderp bench\n", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare_view, name="bench_bare"),
    path("", include("hlderp.urls")),
]
