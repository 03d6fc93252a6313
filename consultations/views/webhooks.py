"""The delegate portal's webhooks: a delegation's hooks with their recent deliveries, add one
(its secret shown once), delete one. The Secretariat registers its own in the admin."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from consultations.forms.webhooks import WebhookForm
from consultations.models import Webhook, WebhookDelivery
from consultations.services import webhooks as services
from registry.models import Stakeholder
from registry.permissions import stakeholder_ids

RECENT = 10


class _DelegateWebhooks(PermissionRequiredMixin, View):
    permission_required = "registry.access_delegate_portal"

    def stakeholders(self):
        return Stakeholder.objects.filter(pk__in=stakeholder_ids(self.request.user)).order_by(
            "name"
        )

    def hooks(self):
        return Webhook.objects.filter(
            stakeholder_id__in=stakeholder_ids(self.request.user)
        ).select_related("stakeholder")


class WebhookListView(_DelegateWebhooks):
    template_name = "consultations/delegate/webhooks.html"

    def page(self, form, status=200):
        hooks = list(self.hooks())
        now = timezone.now()
        for hook in hooks:
            hook.recent = list(
                WebhookDelivery.objects.filter(webhook=hook)
                .exclude(not_before__gt=now)
                .order_by("-pk")[:RECENT]
            )
        return render(
            self.request, self.template_name, {"hooks": hooks, "form": form}, status=status
        )

    def get(self, request):
        return self.page(WebhookForm(stakeholders=self.stakeholders(), action=request.path))

    def post(self, request):
        form = WebhookForm(request.POST, stakeholders=self.stakeholders(), action=request.path)
        if not form.is_valid():
            return self.page(form, status=400)
        hook = services.webhook_create(
            actor=request.user,
            url=form.cleaned_data["url"],
            events=form.cleaned_data["events"],
            stakeholder=form.cleaned_data["stakeholder"],
            description=form.cleaned_data["description"],
        )
        # The secret shows once, on this answer; the portal never shows it again.
        return render(request, "consultations/delegate/webhook_secret.html", {"hook": hook})


class WebhookDeleteView(_DelegateWebhooks):
    def post(self, request, pk: int):
        hook = self.hooks().filter(pk=pk).first()
        if hook is None:
            raise Http404
        services.webhook_delete(actor=request.user, webhook=hook)
        messages.success(request, _("The webhook to %(url)s is deleted.") % {"url": hook.url})
        return HttpResponseRedirect(reverse("delegate:webhooks"))
