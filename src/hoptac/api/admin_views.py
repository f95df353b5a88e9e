"""Back office: each user creates and revokes their own API tokens; administrators
see and revoke everyone's. The secret is shown once, right after creation."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hoptac.accounts import policy
from .models import ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("What is it for?"), max_length=100,
                           help_text=gettext_lazy("e.g. the statistics office's import job"))
    read_only = forms.BooleanField(label=gettext_lazy("Read only"), required=False)


def _require_role(user):
    if policy.role_of(user) is None:
        raise PermissionDenied(_("Only users with a role in hoptac can have API tokens."))


def _manages_all(user):
    return policy.reach(user, policy.MANAGE_USERS) == policy.ALL


def tokens(request):
    _require_role(request.user)
    secret = None
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token, secret = ApiToken.issue(request.user, form.cleaned_data["name"],
                                       read_only=form.cleaned_data["read_only"], by=request.user)
        form = TokenForm()
    qs = ApiToken.objects.select_related("user").order_by("-created_at")
    if not _manages_all(request.user):
        qs = qs.filter(user=request.user)
    return render(request, "api/tokens.html", {
        "tokens": qs, "form": form, "secret": secret, "manages_all": _manages_all(request.user),
        "role": policy.role_of(request.user),
    })


@require_POST
def revoke(request, pk):
    _require_role(request.user)
    token = get_object_or_404(ApiToken, pk=pk)
    if token.user_id != request.user.pk and not _manages_all(request.user):
        raise PermissionDenied(_("You may revoke only your own tokens."))
    token.revoke(by=request.user)
    return redirect("hoptac_api_tokens")
