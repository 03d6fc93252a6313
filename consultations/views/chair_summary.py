"""The Chair's summary: the Secretariat's pages (draft, sections, preview, finalise, versions,
print and PDF) and the public ones of a final summary (page, print page, PDF).

The Secretariat's pages need ``consultations.draft_chair_summary``; finalising needs
``consultations.finalise_chair_summary``. The public pages show a summary only once final: a
draft answers 404 there.
"""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from consultations.choices import Language
from consultations.exports.chair_summary_pdf import chair_summary_pdf
from consultations.forms.actions import ActionForm
from consultations.forms.chair_summary import (
    ChairSummaryCreateForm,
    ChairSummaryForm,
    ChairSummarySectionForm,
)
from consultations.models import ChairSummary, ChairSummarySection, Process
from consultations.selectors.chair_figures import FIGURES
from consultations.selectors.chair_summary import (
    chair_summary_document,
    chair_summary_for_process,
    chair_summary_languages,
    chair_summary_versions,
)
from consultations.services import chair_summary as services
from consultations.views.base import (
    ActionView,
    ProcessSelectionMixin,
    ScopedObjectMixin,
    UserProcessMixin,
)

DRAFT = "consultations.draft_chair_summary"


def summary_url(summary: ChairSummary) -> str:
    return reverse("secretariat:chair-summary-detail", args=[summary.pk])


def pdf_response(document, *, disposition: str = "attachment") -> HttpResponse:
    summary = document.summary
    name = summary.symbol.replace("/", "-").replace('"', "") or "chair-summary"
    response = HttpResponse(chair_summary_pdf(document), content_type="application/pdf")
    response["Content-Disposition"] = f'{disposition}; filename="{name}-{summary.language}.pdf"'
    return response


# --- The Secretariat's pages -----------------------------------------------------------------
class ChairSummariesView(UserProcessMixin, PermissionRequiredMixin, TemplateView):
    """The process's summaries (one per language) and the form that starts a draft."""

    permission_required = DRAFT
    template_name = "consultations/chair_summary/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        process = self.get_process()
        if process is None:
            raise Http404
        context.update(
            process=process,
            summaries=list(process.chair_summaries.select_related("finalised_by")),
            create_form=ChairSummaryCreateForm(
                action=reverse("secretariat:chair-summary-create"),
                initial={
                    "process": process.slug,
                    "title": _("Summary of the %(process)s by the Chair")
                    % {"process": process.title},
                },
            ),
        )
        return context


class ChairSummaryCreateView(UserProcessMixin, PermissionRequiredMixin, ActionView):
    http_method_names = ["post"]
    permission_required = DRAFT
    refusals = (services.ChairSummaryError,)
    errors_as_messages = True

    @cached_property
    def process(self) -> Process:
        process = self.get_process()
        if process is None:
            raise Http404
        return process

    def get_form(self, form_class=None):
        return ChairSummaryCreateForm(
            self.request.POST, action=reverse("secretariat:chair-summary-create")
        )

    def get_failure_url(self) -> str:
        return f"{reverse('secretariat:chair-summary')}?{urlencode({'process': self.process.slug})}"

    def perform(self, form) -> str:
        self.summary = services.chair_summary_create(
            actor=self.request.user,
            process=self.process,
            symbol=form.cleaned_data["symbol"],
            title=form.cleaned_data["title"],
            language=form.cleaned_data["language"],
            outline=form.cleaned_data["outline"],
        )
        return _("The draft of the Chair's summary is started.")

    def get_success_url(self) -> str:
        summary = getattr(self, "summary", None)
        return summary_url(summary) if summary else self.get_failure_url()


class SummaryMixin(ScopedObjectMixin):
    """``self.summary``: the URL's ``pk``, any process's (the Secretariat's)."""

    permission_required = DRAFT
    object_name = "summary"

    def get_queryset(self):
        return ChairSummary.objects.select_related("process", "finalised_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(summary=self.summary, process=self.summary.process)
        return context


class ChairSummaryDetailView(SummaryMixin, ActionView):
    """A summary: its symbol and title (a form while a draft), its sections, its actions."""

    template_name = "consultations/chair_summary/detail.html"
    refusals = (services.ChairSummaryError,)

    def get_form(self, form_class=None):
        data = self.request.POST if self.request.method == "POST" else None
        return ChairSummaryForm(data, instance=self.summary, action=summary_url(self.summary))

    def perform(self, form) -> str:
        services.chair_summary_update(
            actor=self.request.user,
            summary=ChairSummary.objects.get(pk=self.summary.pk),
            symbol=form.cleaned_data["symbol"],
            title=form.cleaned_data["title"],
        )
        return _("Saved.")

    def get_success_url(self) -> str:
        return summary_url(self.summary)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sections = list(self.summary.sections.select_related("meeting"))
        context.update(
            sections=sections,
            add_form=SectionAddView.section_form(
                ChairSummarySection(summary=self.summary, order=len(sections) * 10 + 10)
            ),
            figures=FIGURES.values(),
        )
        return context


class SectionFormView(ActionView):
    """A section's form: shown again with its errors (an unknown figure) when refused."""

    template_name = "consultations/chair_summary/section.html"
    refusals = (services.ChairSummaryError,)
    submit = ""
    done = ""
    form_name = "section"

    def section_instance(self) -> ChairSummarySection:
        raise NotImplementedError

    @classmethod
    def section_form(cls, section: ChairSummarySection, data=None) -> ChairSummarySectionForm:
        return ChairSummarySectionForm(
            data,
            instance=section,
            action=cls.form_action_of(section),
            submit=cls.submit,
            name=cls.form_name,
        )

    @classmethod
    def form_action_of(cls, section: ChairSummarySection) -> str:
        raise NotImplementedError

    def get_form(self, form_class=None):
        data = self.request.POST if self.request.method == "POST" else None
        return self.section_form(self.section_instance(), data)

    def perform(self, form) -> str:
        services.chair_summary_section_save(
            actor=self.request.user, section=form.instance, values=form.cleaned_data
        )
        return str(self.done)

    def get_success_url(self) -> str:
        return summary_url(self.summary)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            summary=self.summary,
            process=self.summary.process,
            figures=FIGURES.values(),
            **kwargs,
        )


class SectionAddView(SummaryMixin, SectionFormView):
    """A new section of a draft."""

    submit = gettext_lazy("Add the section")
    done = gettext_lazy("The section is added.")
    form_name = "section-add"

    def section_instance(self) -> ChairSummarySection:
        return ChairSummarySection(summary=self.summary)

    @classmethod
    def form_action_of(cls, section: ChairSummarySection) -> str:
        return reverse("secretariat:chair-summary-section-add", args=[section.summary_id])


class SectionEditView(ScopedObjectMixin, SectionFormView):
    """A section of a draft: its heading, who summed it up, its text with figure references."""

    permission_required = DRAFT
    object_name = "section"
    pk_url_kwarg = "section_id"
    submit = gettext_lazy("Save")
    done = gettext_lazy("The section is saved.")

    def get_queryset(self):
        return ChairSummarySection.objects.select_related("summary__process", "meeting")

    @property
    def summary(self) -> ChairSummary:
        return self.section.summary

    def section_instance(self) -> ChairSummarySection:
        return self.section

    @classmethod
    def form_action_of(cls, section: ChairSummarySection) -> str:
        return reverse("secretariat:chair-summary-section", args=[section.pk])

    def get_context_data(self, **kwargs):
        return super().get_context_data(delete_form=section_delete_form(self.section), **kwargs)


class SectionDeleteView(ScopedObjectMixin, ActionView):
    """Remove a section of a draft (its versions stay in the history)."""

    http_method_names = ["post"]
    permission_required = DRAFT
    object_name = "section"
    pk_url_kwarg = "section_id"
    refusals = (services.ChairSummaryError,)
    errors_as_messages = True

    def get_queryset(self):
        return ChairSummarySection.objects.select_related("summary")

    def get_form(self, form_class=None):
        return section_delete_form(self.section, self.request.POST)

    def perform(self, form) -> str:
        services.chair_summary_section_delete(actor=self.request.user, section=self.section)
        return _("The section is removed.")

    def get_success_url(self) -> str:
        return summary_url(self.section.summary)


def section_delete_form(section: ChairSummarySection, data=None) -> ActionForm:
    return ActionForm(
        data,
        action=reverse("secretariat:chair-summary-section-delete", args=[section.pk]),
        submit=_("Remove the section"),
        name="section-delete",
        css_class="btn-outline-danger",
    )


class SummaryDocumentMixin(SummaryMixin):
    """``document`` in the context: the summary as it reads (chair_summary_document)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["document"] = chair_summary_document(summary=self.summary)
        return context


class ChairSummaryPreviewView(SummaryDocumentMixin, TemplateView):
    """The document as it reads: live figures while a draft, frozen ones once final."""

    template_name = "consultations/chair_summary/preview.html"


class ChairSummaryPrintView(ChairSummaryPreviewView):
    template_name = "consultations/chair_summary/print.html"


class ChairSummaryPDFView(SummaryMixin, View):
    def get(self, request, *args, **kwargs):
        return pdf_response(chair_summary_document(summary=self.summary))


class ChairSummaryFinaliseView(SummaryDocumentMixin, ActionView):
    """Finalise, after a confirmation: every figure is frozen with the date."""

    permission_required = "consultations.finalise_chair_summary"
    template_name = "consultations/chair_summary/finalise.html"
    refusals = (services.ChairSummaryError,)
    errors_as_messages = True

    def get_form(self, form_class=None):
        data = self.request.POST if self.request.method == "POST" else None
        return ActionForm(
            data,
            action=reverse("secretariat:chair-summary-finalise", args=[self.summary.pk]),
            submit=_("Finalise the summary"),
            name="finalise",
            css_class="btn-danger",
        )

    def perform(self, form) -> str:
        services.chair_summary_finalise(actor=self.request.user, summary=self.summary)
        return _("The Chair's summary is final: its figures no longer change.")

    def get_success_url(self) -> str:
        return summary_url(self.summary)


class ChairSummaryVersionsView(SummaryMixin, TemplateView):
    template_name = "consultations/chair_summary/versions.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["versions"] = chair_summary_versions(summary=self.summary)
        return context


# --- The public pages of a final summary -----------------------------------------------------
class PublicChairSummaryMixin(ProcessSelectionMixin):
    """The final Chair's summary of the page's process, in ``?language=`` (else the first);
    404 while there is none."""

    cache_query_params = ("process", "language")

    @cached_property
    def document(self):
        process = self.get_process()
        language = self.request.GET.get("language", "")
        if language not in Language.values:
            language = ""
        summary = process and chair_summary_for_process(
            process=process, language=language, final_only=True
        )
        if not summary:
            raise Http404(_("No final Chair's summary yet."))
        return chair_summary_document(summary=summary)


class PublicChairSummaryView(PublicChairSummaryMixin, TemplateView):
    template_name = "consultations/chair_summary/public.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(document=self.document, summary=self.document.summary)
        # Issued language by language: the final ones are linked, the drafts pending.
        context["summary_languages"] = chair_summary_languages(
            process=self.document.summary.process,
            page_url=context["process_urls"]["chair_summary"],
        )
        return context


class PublicChairSummaryPrintView(PublicChairSummaryView):
    template_name = "consultations/chair_summary/print.html"


class PublicChairSummaryPDFView(PublicChairSummaryMixin, View):
    def get(self, request, *args, **kwargs):
        return pdf_response(self.document)
