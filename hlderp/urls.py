"""Root URLs: the public contract of DESIGN.md."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from consultations.views import programme

admin.site.site_header = _("hlderp administration")
admin.site.site_title = _("hlderp")
admin.site.index_title = _("Secretariat administration")

urlpatterns = [
    path("", programme.HomeView.as_view(), name="home"),
    path("", include("consultations.urls")),
    path("registry/", include("registry.urls")),
    path("delegate/", include("consultations.urls_delegate")),
    path("secretariat/", include("consultations.urls_secretariat")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]
# Uploaded files are never served from MEDIA_URL: the statement views check who may see them.
