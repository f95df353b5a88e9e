from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


def default_province_code():
    """The province the installation serves (``HOPTAC_PROVINCE_CODE``)."""
    return settings.HOPTAC_PROVINCE_CODE


@register_setting(icon="site")
class PortalSettings(BaseSiteSetting):
    """The portal's own footer and the defaults of its statistics."""

    office = models.CharField(_("managing office"), max_length=255, blank=True)
    editor_in_chief = models.CharField(_("editor in chief"), max_length=255, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    phones = models.CharField(_("phones"), max_length=120, blank=True)
    email = models.EmailField(_("email"), blank=True)
    province_code = models.CharField(
        _("province code"), max_length=8, default=default_province_code,
        help_text=_("Statistics office code of the province the portal covers (31: Hải Phòng)."),
    )
    baseline_year = models.PositiveSmallIntegerField(
        _("baseline year"), default=2001, validators=[MinValueValidator(1990), MaxValueValidator(2100)],
        help_text=_("Revenue and income are compared with this year."),
    )
    series_start = models.PositiveSmallIntegerField(
        _("first year of the series"), default=2001, validators=[MinValueValidator(1990), MaxValueValidator(2100)],
    )

    panels = ["office", "editor_in_chief", "address", "phones", "email", "province_code", "baseline_year", "series_start"]

    class Meta:
        verbose_name = _("portal settings")
