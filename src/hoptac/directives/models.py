"""Directive documents, the action plan, support given and commendations (SPEC §2 v2).

Above the register (support and awards name organisations) and below the
indicators and the report, which count these records. A document is identified
by its number, issuer and date together (numbering restarts each year per
issuer). The rules a form, the API and the import all apply live here, as
``clean`` methods and :func:`replaces_cycle`, so the three say the same thing.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hoptac.geo.models import Unit
from hoptac.registry.models import Organization


class DocumentKind(models.TextChoices):
    NGHI_QUYET = "nghi_quyet", _("resolution")
    KET_LUAN = "ket_luan", _("conclusion")
    CHI_THI = "chi_thi", _("directive")
    KE_HOACH = "ke_hoach", _("plan")
    QUYET_DINH = "quyet_dinh", _("decision")
    CONG_VAN = "cong_van", _("official letter")
    THONG_BAO = "thong_bao", _("notice")
    BAO_CAO = "bao_cao", _("report")
    KHAC = "khac", _("other")


class Level(models.TextChoices):
    CENTRAL = "central", _("central")
    PROVINCE = "province", _("province")
    LOCAL = "local", _("local")


class DocumentQuerySet(models.QuerySet):
    def by_reference(self, number, issuer, issued_on):
        return self.filter(number=number, issuer=issuer, issued_on=issued_on)


class Document(models.Model):
    """A directive or policy text (văn bản chỉ đạo) the province issued or follows."""

    number = models.CharField(_("number and symbol"), max_length=60)
    issuer = models.CharField(_("issuing body"), max_length=200)
    issued_on = models.DateField(_("issued on"))
    kind = models.CharField(_("kind of document"), max_length=12, choices=DocumentKind.choices,
                            default=DocumentKind.KHAC)
    level = models.CharField(_("level"), max_length=8, choices=Level.choices, default=Level.PROVINCE)
    title = models.CharField(pgettext_lazy("directives", "title"), max_length=400)
    summary = models.TextField(_("summary"), blank=True)
    file = models.FileField(_("attached file"), upload_to="documents/%Y/", blank=True)
    published = models.BooleanField(_("published on the portal"), default=True)
    implements = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="implemented_by",
                                        verbose_name=_("implements"))
    replaces = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="replaced_by",
                                      verbose_name=_("replaces"))
    amends = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="amended_by",
                                    verbose_name=_("amends"))

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("directive document")
        verbose_name_plural = _("directive documents")
        ordering = ["-issued_on", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["number", "issuer", "issued_on"], name="directives_document_unique",
                violation_error_message=_("a document with this number, issuer and date is already recorded"),
            ),
        ]

    def __str__(self):
        return f"{self.number} ({self.issued_on:%d/%m/%Y})"

    @property
    def reference(self):
        """The interchange reference ``number|issuer|issued_on``."""
        return f"{self.number}|{self.issuer}|{self.issued_on.isoformat()}"


def replaces_cycle(edges):
    """Whether the "replaces" relation given as ``{document: {documents it replaces}}`` has a cycle.

    Keys and values are any hashable identifiers (primary keys, references).
    """
    state = {}

    def visit(node):
        state[node] = 1
        for nxt in edges.get(node, ()):
            mark = state.get(nxt)
            if mark == 1 or (mark is None and visit(nxt)):
                return True
        state[node] = 2
        return False

    return any(state.get(n) is None and visit(n) for n in list(edges))


def stored_replaces():
    """The "replaces" links in the database as ``{pk: {pks}}``."""
    edges = {}
    for source, target in Document.replaces.through.objects.values_list("from_document_id", "to_document_id"):
        edges.setdefault(source, set()).add(target)
    return edges


def check_replaces(document_pk, replaced_pks):
    """Raise ValidationError when ``document_pk`` replacing ``replaced_pks`` would close a cycle."""
    edges = stored_replaces()
    edges[document_pk] = set(replaced_pks)
    if document_pk in edges[document_pk]:
        raise ValidationError({"replaces": _("a document cannot replace itself")})
    if replaces_cycle(edges):
        raise ValidationError({"replaces": _("these links would make a cycle of documents replacing each other")})


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", pgettext_lazy("directives", "not started")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


CLOSED_STATUSES = (TaskStatus.DONE, TaskStatus.CANCELLED)


class TaskQuerySet(models.QuerySet):
    def overdue(self, on=None):
        """Open tasks whose deadline has passed on ``on`` (today by default): the day after the deadline."""
        on = on or timezone.localdate()
        return self.filter(deadline__lt=on).exclude(status__in=CLOSED_STATUSES)


class Task(models.Model):
    """A task of the action plan (nhiệm vụ, giải pháp), set by a document."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    document = models.ForeignKey(Document, verbose_name=_("document"), on_delete=models.PROTECT, related_name="tasks")
    title = models.CharField(pgettext_lazy("directives", "task"), max_length=400)
    lead_agency = models.CharField(_("lead agency"), max_length=200)
    partners = models.CharField(_("partner agencies"), max_length=500, blank=True,
                                help_text=_("Separated by semicolons."))
    starts_on = models.DateField(_("start"))
    deadline = models.DateField(pgettext_lazy("directives", "deadline"))
    status = models.CharField(_("status"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("directives", "task")
        verbose_name_plural = _("tasks of the action plan")
        ordering = ["deadline", "code"]
        constraints = [
            models.CheckConstraint(condition=models.Q(deadline__gte=models.F("starts_on")),
                                   name="directives_task_deadline_after_start",
                                   violation_error_message=_("the deadline is before the task's start")),
        ]

    def __str__(self):
        return f"{self.code} — {self.title}"

    def clean(self):
        if self.starts_on and self.deadline and self.deadline < self.starts_on:
            raise ValidationError({"deadline": _("the deadline is before the task's start")})

    def is_overdue(self, on=None):
        on = on or timezone.localdate()
        return self.status not in CLOSED_STATUSES and self.deadline < on


class TaskProgress(models.Model):
    """A dated progress note on a task."""

    task = models.ForeignKey(Task, verbose_name=pgettext_lazy("directives", "task"), on_delete=models.CASCADE, related_name="progress")
    on = models.DateField(_("date"))
    note = models.TextField(_("progress note"))

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["task", "on", "pk"]

    def __str__(self):
        return f"{self.task.code} {self.on:%d/%m/%Y}"


class SupportKind(models.TextChoices):
    LAND = "land", _("land and premises")
    TRAINING = "training", _("training")
    TRADE_PROMOTION = "trade_promotion", _("trade promotion")
    TECHNOLOGY = "technology", _("technology")
    CREDIT = "credit", _("credit")
    INFRASTRUCTURE = "infrastructure", _("infrastructure")
    OTHER = "other", _("other")


class Support(models.Model):
    """Support given to an organisation in a year (hỗ trợ), in million VND."""

    organization = models.ForeignKey(Organization, verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="support")
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind of support"), max_length=16, choices=SupportKind.choices)
    amount = models.DecimalField(_("amount (million VND)"), max_digits=20, decimal_places=4)
    programme = models.CharField(_("programme"), max_length=255, blank=True)
    document = models.ForeignKey(Document, verbose_name=_("document"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="support")

    class Meta:
        verbose_name = _("support given")
        verbose_name_plural = _("support given")
        ordering = ["-year", "organization__code", "kind", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="directives_support_amount_not_negative",
                                   violation_error_message=_("the amount of support cannot be below zero")),
        ]

    def __str__(self):
        return f"{self.organization} {self.year} {self.get_kind_display()}"

    def clean(self):
        if self.amount is not None and self.amount < 0:
            raise ValidationError({"amount": _("the amount of support cannot be below zero")})


class RecipientKind(models.TextChoices):
    ORGANIZATION = "organization", _("organisation")
    COLLECTIVE = "collective", _("collective")
    INDIVIDUAL = "individual", _("individual")


class Award(models.Model):
    """A commendation (khen thưởng) given by a decision to an organisation, a collective or a person.

    ``unit`` places an award to a collective or a person within a unit, for the
    scope of local officers; an award to an organisation follows the organisation.
    """

    decision = models.CharField(_("decision number"), max_length=60)
    decided_on = models.DateField(_("decision date"))
    issuer = models.CharField(_("issuer"), max_length=200)
    kind = models.CharField(_("form of commendation"), max_length=120, default="Bằng khen")
    recipient_kind = models.CharField(_("recipient"), max_length=12, choices=RecipientKind.choices)
    organization = models.ForeignKey(Organization, verbose_name=_("organisation"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="awards")
    recipient = models.CharField(_("recipient's name"), max_length=255, blank=True)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    reason = models.TextField(_("reason for the award"), blank=True)

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-decided_on", "decision", "pk"]

    def __str__(self):
        return f"{self.decision}: {self.recipient_name}"

    @property
    def recipient_name(self):
        if self.recipient_kind == RecipientKind.ORGANIZATION and self.organization_id:
            return self.organization.name
        return self.recipient

    def clean(self):
        if self.recipient_kind == RecipientKind.ORGANIZATION:
            if not self.organization_id:
                raise ValidationError({"organization": _("an award to an organisation names the organisation")})
        elif not (self.recipient or "").strip():
            raise ValidationError({"recipient": _("an award names its recipient: nobody is named")})
