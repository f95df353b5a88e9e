"""Two-factor sign-in with time-based one-time codes (TOTP, django-otp).

Optional for everyone, required for administrators: an administrator — and any
user who has confirmed a device — is verified with a code after the password
before the back office opens. An administrator without a confirmed device is
sent to set one up first. Wrong codes count towards the sign-in throttle.
"""

from base64 import b32encode
from io import BytesIO
from urllib.parse import quote

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from hoptac.accounts import signin
from hoptac.accounts.policy import ADMIN, role_of
from hoptac.audit import trail as audit
from hoptac.audit.models import Channel
from hoptac.core import clients

SETUP_URL_NAME = "hoptac_two_factor_setup"
VERIFY_URL_NAME = "hoptac_two_factor_verify"


def needs_verification(user):
    """Whether this signed-in user must still give a one-time code."""
    if not user.is_authenticated or user.is_verified():
        return False
    return role_of(user) == ADMIN or user_has_device(user, confirmed=True)


#: Back-office resources a page loads for itself (the icon sprite, the script catalogue):
#: harmless, and never a place to come back to after the code.
PAGE_RESOURCES = ("wagtailadmin_sprite", "wagtailadmin_javascript_catalog")


def is_background(request):
    """Whether the browser asked for this in the background (a script, an image, a JSON call),
    not as a page a person navigates to."""
    dest = request.headers.get("Sec-Fetch-Dest", "")
    if dest and dest not in ("document", "iframe"):
        return True
    if request.headers.get("X-Requested-With") == "XMLHttpRequest":
        return True
    accept = request.headers.get("Accept", "")
    return bool(accept) and "text/html" not in accept and "*/*" not in accept


class TwoFactorMiddleware:
    """Holds the back-office pages of unverified users at the code or set-up page.

    Only a page a person navigates to is redirected there, with that page as
    ``next``; the page's own resources (icons, scripts) are served, and other
    background requests get a 403 instead of the set-up page (a redirect there
    would put the set-up page inside the page that asked, and make an icon
    sprite the address to return to).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/admin/") and needs_verification(request.user):
            allowed = {reverse(SETUP_URL_NAME), reverse(VERIFY_URL_NAME), reverse("wagtailadmin_logout")}
            allowed.update(reverse(name) for name in PAGE_RESOURCES)
            if request.path not in allowed:
                if is_background(request) or request.method != "GET":
                    return JsonResponse({"detail": str(_("Confirm your sign-in with a one-time code first."))},
                                        status=403)
                name = VERIFY_URL_NAME if user_has_device(request.user, confirmed=True) else SETUP_URL_NAME
                return redirect(f"{reverse(name)}?next={quote(request.get_full_path())}")
        return self.get_response(request)


class CodeForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"), max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


def _next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        if not any(target.startswith(reverse(name)) for name in PAGE_RESOURCES):
            return target
    return reverse("wagtailadmin_home")


def _refuse_code(request, form):
    user, ip = request.user, clients.client_ip(request)
    signin.register_failure(user.get_username(), ip, scope="otp")
    audit.record("auth.two_factor_refused", user, request=request, channel=Channel.BACK_OFFICE)
    form.add_error("token", _("This code is not valid. Check the time on your phone and try again."))
    if signin.is_locked(user.get_username(), ip, scope="otp"):
        logout(request)
        return redirect("wagtailadmin_login")
    return None


def verify(request):
    """Ask for the current code of a confirmed device."""
    if not needs_verification(request.user):
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            signin.reset(request.user.get_username(), clients.client_ip(request), scope="otp")
            audit.record("auth.two_factor_verified", request.user, request=request, channel=Channel.BACK_OFFICE)
            return redirect(_next(request))
        response = _refuse_code(request, form)
        if response is not None:
            return response
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _next(request)})


def setup(request):
    """Show a new device's secret as a QR code and confirm it with a first code."""
    user = request.user
    if user_has_device(user, confirmed=True) and not needs_verification(user):
        return redirect(_next(request))
    if user_has_device(user, confirmed=True):
        return redirect(reverse(VERIFY_URL_NAME))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("authenticator app"), confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            audit.record("auth.two_factor_enabled", user, request=request, channel=Channel.BACK_OFFICE)
            return redirect(_next(request))
        response = _refuse_code(request, form)
        if response is not None:
            return response
    context = {"form": form, "next": _next(request), "qr": _qr_svg(device), "secret": _base32(device)}
    return render(request, "accounts/two_factor_setup.html", context)


def _base32(device):
    return b32encode(device.bin_key).decode()


def _qr_svg(device):
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    out = BytesIO()
    image.save(out)
    # Generated by the qrcode library from our own data: safe to inline.
    return mark_safe(out.getvalue().decode())  # nosec B308
