"""The plumbing every view of consultations is built from: the process lookup, the "permission,
then the user's scoped object" mixin, and the one base of action views.

A view names the permission it needs (``permission_required``); an object outside the queryset
a view is scoped to answers 404, never 403, so that nobody learns another delegation's ids.
"""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.generic import FormView

from consultations.addresses import process_addresses
from consultations.models import Process
from consultations.selectors.illustrative import illustrative_counts_prime
from consultations.selectors.programme import (
    ProcessMenuRow,
    process_for_page,
    process_menu,
    processes_for_user,
)
from consultations.services.mail import mail_failures
from consultations.widgets import options_html

SESSION_PROCESS = "hlderp.process"  # the slug of the process the user last chose


def process_or_404(slug: str | None) -> Process | None:
    """The process with ``slug`` as a page reads it (``process_for_page``; without a slug the
    current one, None when there is none), or 404 (also for a value that cannot be a slug)."""
    try:
        return process_for_page(slug=slug)
    except Process.DoesNotExist:
        raise Http404(_("No such process.")) from None


class ProcessSelectionMixin:
    """A public page of one process: the one of its address under ``/p/<slug>/``; at the root,
    the one of ``?process=<slug>`` (the addresses before /p/), else the current one. Unknown
    slug: 404.

    ``at_root`` says the page was reached at a root address showing the current process: its
    links then stay at the root (consultations/addresses.py); ``process_urls`` are the
    addresses of the process's other pages, in the context for the page and the main nav.
    """

    cache_query_params: tuple[str, ...] = ("process",)  # what the page cache keys on

    def get_process(self) -> Process | None:
        if not hasattr(self, "_process"):
            slug = self.kwargs.get("process") or self.request.GET.get("process")
            self._process = process_or_404(slug)
        return self._process

    @property
    def at_root(self) -> bool:
        process = self.get_process()
        return "process" not in self.kwargs and process is not None and process.is_current

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        process = self.get_process()
        if process is not None:
            context["process_urls"] = process_addresses(process=process, root=self.at_root)
            illustrative_counts_prime(processes=[process])  # the note, read by the templates
        return context


def switcher_processes(request) -> list[ProcessMenuRow]:
    """The processes the signed-in user may switch between (``processes_for_user``), read once
    per request as menu rows, latest first (a member of the Secretariat may switch between
    hundreds)."""
    cached = getattr(request, "_hlderp_switcher", None)
    if cached is None:
        cached = request._hlderp_switcher = process_menu(processes_for_user(user=request.user))
    return cached


def process_for_user_request(request) -> Process | None:
    """The process a signed-in page works on, chosen among those the user may see.

    ``process=<slug>`` (in the query or the posted form) chooses one and is remembered in the
    session; without it, the one remembered, else the current one, else the latest. A slug the
    user may not see (another delegation's process) answers 404. None when the user may see no
    process at all.
    """
    cached = getattr(request, "_hlderp_process", None)
    if cached is not None:
        return cached
    allowed = switcher_processes(request)
    slug = request.GET.get("process") or request.POST.get("process")
    if slug:
        chosen = next((p for p in allowed if p.slug == slug), None)
        if chosen is None:
            raise Http404(_("No such process."))
        if request.session.get(SESSION_PROCESS) != chosen.slug:  # no session write otherwise
            request.session[SESSION_PROCESS] = chosen.slug
    else:
        remembered = request.session.get(SESSION_PROCESS)
        # The current process if the user may see it, else the latest: the list is latest first.
        chosen = (
            next((p for p in allowed if remembered and p.slug == remembered), None)
            or next((p for p in allowed if p.is_current), None)
            or next(iter(allowed), None)
        )
    # The switcher's rows hold its few fields; the page reads the chosen process whole.
    process = process_for_page(pk=chosen.pk) if chosen is not None else None
    request._hlderp_process = process
    return process


class UserProcessMixin:
    """A signed-in page that shows one process's data, with the switcher in its header.

    ``get_process()`` is ``process_for_user_request``; the context carries ``process`` and the
    ``switcher_options`` of the processes the user may choose from (the base layout shows the
    switcher).
    """

    def get_process(self) -> Process | None:
        return process_for_user_request(self.request)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("process", self.get_process())
        illustrative_counts_prime(processes=[context["process"]])  # the note, for the templates
        selected = getattr(context["process"], "pk", None)
        context["switcher_options"] = options_html(
            (row.slug, row.title, row.pk == selected) for row in switcher_processes(self.request)
        )
        # The user's own zone, shown beside the venue's ({% own_time %}); never on cached pages.
        context["own_zone"] = getattr(self.request.user, "time_zone", "")
        return context


def form_errors_to_messages(request, form) -> None:
    """Each error of ``form`` as a message: for forms posted from a page they do not render."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


class ScopedObjectMixin(PermissionRequiredMixin):
    """Checks ``permission_required``, then loads the object the URL names from
    ``get_queryset()`` (what this user may act on) into ``self.<object_name>``.

    The permission comes first so that a user without it never learns whether an id exists;
    the queryset is scoped before the lookup so that another delegation's object is a 404.
    """

    object_name = "object"
    pk_url_kwarg = "pk"

    def get_queryset(self):
        raise NotImplementedError

    def load_objects(self, **kwargs) -> None:
        """Load what the URL names; a view with several objects overrides this."""
        obj = get_object_or_404(self.get_queryset(), pk=kwargs[self.pk_url_kwarg])
        setattr(self, self.object_name, obj)

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        self.load_objects(**kwargs)
        return super().dispatch(request, *args, **kwargs)


def mail_not_sent_message() -> str:
    return _(
        "This is saved, but the notification e-mail could not be sent: the mail server did not "
        "accept it. Let the people concerned know another way."
    )


class ActionView(FormView):
    """One action on a posted form: ``perform(form)`` runs the service and returns the message
    to show, then the browser goes to ``get_success_url()``; a notice the mail server refused
    adds a warning that the action is saved all the same.

    A service's refusal (an exception of ``refusals``) goes to ``refused``. By default a refusal
    shows on the form, as a field error does, and the page renders again. A view posted from a
    page that does not render its form (a button in a list, a confirmation) sets
    ``errors_as_messages``: errors and refusals become messages and the browser goes to
    ``get_failure_url()``.
    """

    refusals: tuple[type[Exception], ...] = ()
    errors_as_messages = False

    def perform(self, form) -> str:
        raise NotImplementedError

    def get_failure_url(self) -> str:
        return self.get_success_url()

    def form_valid(self, form):
        with mail_failures() as unsent:
            try:
                message = self.perform(form)
            except self.refusals as error:
                return self.refused(form, error)
        messages.success(self.request, message)
        if unsent:
            messages.warning(self.request, mail_not_sent_message())
        return HttpResponseRedirect(self.get_success_url())

    def form_invalid(self, form):
        if not self.errors_as_messages:
            return super().form_invalid(form)
        form_errors_to_messages(self.request, form)
        return HttpResponseRedirect(self.get_failure_url())

    def refused(self, form, error: Exception):
        if not self.errors_as_messages:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        # A seat refusal lists every rule it breaks; the other services say one thing.
        for message in getattr(error, "messages", None) or [str(error)]:
            messages.error(self.request, message)
        return HttpResponseRedirect(self.get_failure_url())
