"""Personal API tokens, under /accounts/api-tokens/: a user creates them (the token is shown
once, on the page that answers the creation) and revokes them. Each user sees only their own;
another user's token answers 404."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from registry.forms import ApiTokenForm
from registry.models import ApiToken
from registry.services import api_token_create, api_token_revoke


class ApiTokensMixin(PermissionRequiredMixin):
    permission_required = "registry.manage_own_api_tokens"

    def own_tokens(self):
        return ApiToken.objects.filter(user=self.request.user)


@method_decorator(never_cache, name="dispatch")
class ApiTokenListView(ApiTokensMixin, TemplateView):
    """GET: the user's tokens and the form of a new one. POST: create it and show it once."""

    template_name = "registry/api_tokens.html"

    def get_form(self, data=None) -> ApiTokenForm:
        return ApiTokenForm(data, action=reverse("api_tokens:list"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.get_form())
        context["tokens"] = list(self.own_tokens())
        context["docs_url"] = reverse("api-docs")
        return context

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        token, secret = api_token_create(actor=request.user, **form.cleaned_data)
        return self.render_to_response(
            self.get_context_data(form=self.get_form(), new_token=token, new_secret=secret)
        )


class ApiTokenRevokeView(ApiTokensMixin, View):
    """POST: revoke one of the user's tokens."""

    http_method_names = ["post"]

    def post(self, request, pk: int):
        token = get_object_or_404(self.own_tokens(), pk=pk)
        try:
            api_token_revoke(actor=request.user, token=token)
        except PermissionDenied:
            raise Http404 from None
        messages.success(
            request, _("The token “%(name)s” is revoked: it opens nothing now.") % {"name": token}
        )
        return HttpResponseRedirect(reverse("api_tokens:list"))
