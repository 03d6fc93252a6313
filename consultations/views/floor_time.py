"""The Secretariat's page of speaking time: the chosen process, or one of its meetings."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.urls import reverse
from django.utils.http import urlencode
from django.views.generic import TemplateView

from consultations import exports
from consultations.models import Meeting
from consultations.selectors.floor_time import speaking_time
from consultations.views.base import UserProcessMixin


class SpeakingTimeView(UserProcessMixin, PermissionRequiredMixin, TemplateView):
    """Time spoken by delegation, by regional group and by kind of turn, overruns and the
    average against the limit; ``?meeting=<slug>`` keeps to one meeting of the process."""

    permission_required = "consultations.manage_speakers"
    template_name = "consultations/floor/time.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        process = self.get_process()
        if process is None:
            return context
        meetings = list(
            Meeting.objects.filter(process=process, speakers_list__floor__isnull=False)
            .distinct()
            .order_by("start")
        )
        chosen = next((m for m in meetings if m.slug == self.request.GET.get("meeting")), None)
        query = urlencode({"process": process.slug})
        context.update(
            meetings=meetings,
            meeting=chosen,
            time=speaking_time(process=process, meeting=chosen),
            export_links=[
                (kind, reverse("secretariat:export", args=["speaking-time", kind]) + "?" + query)
                for kind in (exports.CSV, exports.XLSX)
            ],
        )
        return context
