"""The Secretariat's review of statements: the queue, publish, return with a reason, withdraw,
publish several at once, and each statement's revisions with what changed."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView

from consultations.choices import StatementState
from consultations.forms.actions import ActionForm
from consultations.forms.statements import BulkPublishForm, ReturnForm, ReviewFilterForm
from consultations.models import Meeting, Statement
from consultations.selectors import statements as selectors
from consultations.services import statements as services
from consultations.venue_time import format_in_zone
from consultations.views.base import ActionView, ScopedObjectMixin, UserProcessMixin

QUEUE_PAGE_SIZE = 50


class ReviewMixin(PermissionRequiredMixin):
    permission_required = "consultations.review_statements"

    def queue_url(self) -> str:
        return reverse("secretariat:statements")

    def next_url(self, candidate: str | None) -> str:
        """Where to go back to: ``candidate`` if it is a path on this site, else the queue."""
        if candidate and url_has_allowed_host_and_scheme(
            candidate,
            allowed_hosts={self.request.get_host()},
            require_https=self.request.is_secure(),
        ):
            return candidate
        return self.queue_url()


def _with_query(path: str, query) -> str:
    """``path`` with the query string of ``query`` (a QueryDict), if any."""
    return f"{path}?{query.urlencode()}" if query else path


def row_forms(statement: Statement, *, back: str) -> dict:
    """The publish and return forms of a submitted statement, coming back to ``back``."""
    if not StatementState(statement.state).awaits_review:
        return {}
    name = f"s{statement.pk}"
    return {
        "publish_form": ActionForm(
            initial={"next": back},
            action=reverse("secretariat:statements-publish", args=[statement.pk]),
            submit=_("Publish"),
            name=f"publish-{name}",
            css_class="btn-success btn-sm",
        ),
        "return_form": ReturnForm(
            initial={"next": back},
            action=reverse("secretariat:statements-return", args=[statement.pk]),
            name=f"return-{name}",
        ),
    }


class ReviewQueueView(UserProcessMixin, ReviewMixin, TemplateView):
    """Submitted statements first, then the others; filters by meeting and state; each
    submitted one with its publish and return forms, and a tick box for bulk publication."""

    template_name = "consultations/statements/review_queue.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        process = self.get_process()
        meetings = (
            Meeting.objects.filter(process=process).order_by("start", "number")
            if process
            else Meeting.objects.none()
        )
        filters = ReviewFilterForm(self.request.GET or None, meetings=meetings, action="")
        meeting = state = None
        if filters.is_bound and filters.is_valid():
            meeting = filters.cleaned_data["meeting"]
            state = filters.cleaned_data["state"]
        queue = selectors.review_queue(process=process, meeting=meeting, state=state)
        page = Paginator(queue, QUEUE_PAGE_SIZE).get_page(self.request.GET.get("page"))
        back = self.request.get_full_path()
        context.update(
            process=process,
            filter_form=filters,
            page_obj=page,
            paginator=page.paginator,
            is_paginated=page.has_other_pages(),
            rows=[
                {
                    "statement": statement,
                    "state": StatementState(statement.state),
                    **row_forms(statement, back=back),
                }
                for statement in page.object_list
            ],
            bulk_form=BulkPublishForm(
                initial={},
                action=_with_query(
                    reverse("secretariat:statements-publish-bulk"), self.request.GET
                ),
            ),
        )
        return context


def _embargo_notice(published: Statement) -> str | None:
    """For a statement just published under "check against delivery": until when the public
    does not see it, in the venue's time with its zone. None when the public sees it now."""
    if published.is_public(now=published.published_at):
        return None
    return _(
        "“%(title)s” is published; the public sees it from %(time)s (check against delivery)."
    ) % {
        "title": published.title,
        "time": format_in_zone(published.embargo_until, published.meeting.venue.tzinfo),
    }


class BulkPublishView(ReviewMixin, ActionView):
    """POST: publish every ticked statement, or none if one of them is not submitted; back to
    the queue with its filters."""

    http_method_names = ["post"]
    refusals = (services.StatementError,)
    errors_as_messages = True

    def get_form(self, form_class=None) -> BulkPublishForm:
        return BulkPublishForm(**self.get_form_kwargs(), action="")

    def get_success_url(self) -> str:
        return _with_query(self.queue_url(), self.request.GET)

    def perform(self, form) -> str:
        published = services.statements_publish_bulk(
            actor=self.request.user, ids=form.cleaned_data["statements"]
        )
        for statement in published:
            notice = _embargo_notice(statement)
            if notice:
                messages.info(self.request, notice)
        return ngettext(
            "%(n)s statement is published.",
            "%(n)s statements are published.",
            len(published),
        ) % {"n": len(published)}


class ReviewStatementMixin(ReviewMixin, ScopedObjectMixin):
    """``self.statement``: the URL's ``pk``, after the permission check."""

    object_name = "statement"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["state"] = StatementState(self.statement.state)
        return context

    def get_queryset(self):
        # Never-submitted drafts are the delegation's alone: they answer 404 here, even to a
        # reviewer who is also a focal point (who edits them on the delegate portal).
        return Statement.objects.seen_by_secretariat().select_related(
            "meeting__venue", "meeting__process", "stakeholder", "speaker", "created_by"
        )

    def detail_url(self) -> str:
        return reverse("secretariat:statements-detail", args=[self.statement.pk])


class ReviewStatementView(ReviewStatementMixin, TemplateView):
    """A statement with its publish / return / withdraw actions and every revision with what
    changed since the one before."""

    template_name = "consultations/statements/review_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            statement=self.statement,
            process=self.statement.meeting.process,
            themes=list(self.statement.themes.select_related("parent")),
            revisions=list(reversed(selectors.statement_revisions(statement=self.statement))),
            **row_forms(self.statement, back=self.request.path),
        )
        return context


class ReviewActionView(ReviewStatementMixin, ActionView):
    """POST only: ``perform`` the action on the statement, show its message, go back to
    ``next`` (a path on this site, else the queue)."""

    http_method_names = ["post"]
    refusals = (services.StatementError,)
    errors_as_messages = True

    def get_form(self, form_class=None):
        return ActionForm(**self.get_form_kwargs(), action="", submit="", name="action")

    def get_success_url(self) -> str:
        return self.next_url(self.request.POST.get("next"))


class PublishView(ReviewActionView):
    def perform(self, form) -> str:
        published = services.statement_publish(actor=self.request.user, statement=self.statement)
        return _embargo_notice(published) or _("“%(title)s” is published.") % {
            "title": published.title
        }


class ReturnView(ReviewActionView):
    def get_form(self, form_class=None):
        return ReturnForm(**self.get_form_kwargs(), action="")

    def perform(self, form) -> str:
        services.statement_return(
            actor=self.request.user, statement=self.statement, reason=form.cleaned_data["reason"]
        )
        return _("“%(title)s” is returned to %(stakeholder)s for correction.") % {
            "title": self.statement.title,
            "stakeholder": self.statement.stakeholder,
        }


class ReviewWithdrawView(ReviewStatementMixin, ActionView):
    """GET: the confirmation; POST: withdraw. The statement stays in the record."""

    template_name = "consultations/statements/confirm.html"
    refusals = (services.StatementError,)
    errors_as_messages = True

    def get_form(self, form_class=None):
        return ActionForm(
            **self.get_form_kwargs(),
            action=self.request.path,
            submit=_("Withdraw"),
            name="withdraw",
            css_class="btn-danger",
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            statement=self.statement,
            process=self.statement.meeting.process,
            title=_("Withdraw the statement"),
            question=_(
                "Withdraw this statement? It leaves the public pages and the review queue, but "
                "stays in the record with all its revisions."
            ),
            cancel_url=self.detail_url(),
        )
        return context

    def get_success_url(self) -> str:
        return self.detail_url()

    def perform(self, form) -> str:
        services.statement_withdraw(actor=self.request.user, statement=self.statement)
        return _("“%(title)s” is withdrawn. It stays in the record.") % {
            "title": self.statement.title
        }
