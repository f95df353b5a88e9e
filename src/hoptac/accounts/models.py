"""Who a user is in hoptac: a role of SPEC §1 and, for local officers and
cooperative accounts, the units or the organisation they may act on."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("system administrator")
    PROVINCE_OFFICER = "province_officer", _("province officer")
    LOCAL_OFFICER = "local_officer", _("local officer")
    COOPERATIVE = "cooperative", _("cooperative account")
    EDITOR = "editor", _("editor")
    VIEWER = "viewer", _("viewer")


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hoptac_profile")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    units = models.ManyToManyField(
        "geo.Unit", verbose_name=_("units"), blank=True, related_name="+",
        help_text=_("For a local officer: the units they are responsible for."),
    )
    organization = models.ForeignKey(
        "registry.Organization", verbose_name=_("organisation"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
        help_text=_("For a cooperative account: its own organisation."),
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"

    def unit_codes(self):
        return ", ".join(u.code for u in self.units.all())
