"""What the admin of a model with a workflow (statements, seats, inscriptions...) may not do.

django-simple-history's "Revert" saves a whole historical row back, the state and the fields
the services own included, with no transition check, no history reason and no mail: a withdrawn
statement came back published that way. Its ``revert_disabled`` only hides the button (a POST
still saves), so the revert view refuses the POST itself, and each page says why.
"""

from collections.abc import Callable

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class NoRevertMixin:
    """For a SimpleHistoryAdmin whose model changes state only through its services: earlier
    versions can be read, never restored. ``revert_refused`` names the pages that change it."""

    revert_refused = _("Change it through its own pages, which check every change.")

    def revert_disabled(self, request, obj=None) -> bool:
        return True

    def revert_refused_message(self) -> str:
        return _(
            "An earlier version of a %(model)s is shown for the record and cannot be restored "
            "here: restoring would change its state without the checks. %(where)s"
        ) % {"model": self.model._meta.verbose_name, "where": self.revert_refused}

    def history_view(self, request, object_id, extra_context=None):
        messages.info(request, self.revert_refused_message())
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            messages.error(request, self.revert_refused_message())
            opts = self.model._meta
            return HttpResponseRedirect(
                reverse(
                    f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_history",
                    args=[object_id],
                )
            )
        messages.info(request, self.revert_refused_message())
        return super().history_form_view(request, object_id, version_id, extra_context)


class _DryRun(Exception):
    """Raised to roll back a service's writes once it has got past its checks."""


def service_check(call: Callable[[], object]) -> None:
    """Run ``call`` (a service) and roll back all it wrote, mails on commit included: raises
    the service's domain error if the real call would be refused. A form's ``clean`` uses it so
    that the service's own checks, not a copy of them, become form errors."""
    try:
        with transaction.atomic():
            call()
            raise _DryRun
    except _DryRun:
        pass


class RequestFormMixin:
    """Gives the admin's form the request (``form.request``): its ``clean`` calls a service,
    which takes the acting user."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.request = request
        return form
