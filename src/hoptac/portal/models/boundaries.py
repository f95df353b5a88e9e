from django.db import models
from django.utils.translation import gettext_lazy as _


class Boundary(models.Model):
    """The outline of an administrative unit, loaded by the Department from a GeoJSON file
    (``hoptac load-boundaries``), for the portal's map. Any source: only the unit code matters."""

    unit = models.OneToOneField("geo.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="boundary")
    geometry = models.JSONField(_("geometry"), help_text=_("A GeoJSON Polygon or MultiPolygon in longitude/latitude."))
    source = models.CharField(_("source file"), max_length=255, blank=True)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now=True)

    class Meta:
        verbose_name = _("unit boundary")
        verbose_name_plural = _("unit boundaries")
