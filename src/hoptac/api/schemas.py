"""Shapes of what the API sends and accepts (they make the OpenAPI document)."""

import datetime
from decimal import Decimal
from typing import Literal, Optional

from ninja import Schema
from pydantic import Field, field_validator

from hoptac.registry.models import EventType, Kind, Origin, Sector


class UnitRef(Schema):
    code: str
    name: str


class UnitOut(Schema):
    code: str
    name: str
    division_type: str
    level: int = Field(description="1 province, 2 district (until 30/6/2025), 3 commune")
    regime: str = Field(description="'old' three-level until 30/6/2025, 'new' two-level from 1/7/2025")
    valid_from: Optional[datetime.date]
    valid_to: Optional[datetime.date]
    parent: Optional[UnitRef]


class CrosswalkEntry(Schema):
    unit: UnitOut
    partial: bool
    primary: bool = Field(description="the new unit under which the old unit's records are counted")


class CrosswalkOut(Schema):
    unit: UnitOut
    direction: str = Field(description="'old_to_new' or 'new_to_old'")
    entries: list[CrosswalkEntry]


class OrganizationOut(Schema):
    code: str
    kind: str
    name: str = Field(description="name on the requested date")
    unit: UnitRef = Field(description="unit on the requested date")
    sector: Optional[str] = Field(description="null when unclassified")
    status: str = Field(description="status on the requested date")
    established_on: datetime.date
    address: str
    products: str
    phone: Optional[str] = Field(None, description="only for callers who may see it, or when the organisation publishes it")
    email: Optional[str] = None
    representative: Optional[str] = Field(None, description="personal: only for callers in scope")


class OrganizationPage(Schema):
    date: datetime.date
    items: list[OrganizationOut]
    next_cursor: Optional[str] = Field(description="pass as ?cursor= for the next page; null on the last page")


class EventOut(Schema):
    id: int
    type: str
    date: datetime.date
    unit: Optional[UnitRef]
    sector: Optional[str]
    name: Optional[str]
    document: str
    note: Optional[str] = Field(None, description="only for callers in scope")
    until: Optional[datetime.date] = Field(None, description="for 'suspended': the end date of the notice")
    successors: list[str] = Field([], description="codes of the organisations that succeed this one, in order")
    recorded_at: datetime.datetime
    voided: bool


class ReportOut(Schema):
    organization: str
    year: int
    revision: int
    status: str
    in_force: bool
    members: Optional[int]
    workers: Optional[int]
    revenue: Optional[Decimal] = Field(description="million VND")
    profit: Optional[Decimal] = Field(description="million VND")
    income: Optional[Decimal] = Field(description="average income per worker, million VND per year")
    value_added: Optional[Decimal] = Field(description="million VND")
    is_estimate: bool
    # v2 (SPEC §2): null where not reported.
    members_official: Optional[int] = None
    members_associate: Optional[int] = None
    members_joined: Optional[int] = None
    members_left: Optional[int] = None
    workers_regular: Optional[int] = None
    workers_members: Optional[int] = None
    revenue_with_members: Optional[Decimal] = Field(None, description="million VND, at most revenue")
    charter_capital: Optional[Decimal] = Field(None, description="million VND")
    total_capital: Optional[Decimal] = Field(None, description="million VND")
    budget_paid: Optional[Decimal] = Field(None, description="million VND")
    value_chain: Optional[bool] = Field(None, description="null: not answered")
    high_tech: Optional[bool] = Field(None, description="null: not answered")
    director_trained: Optional[bool] = Field(None, description="null: not answered")
    managers: Optional[int] = None
    managers_college: Optional[int] = None
    member_htx: Optional[int] = Field(None, description="for a union: its member cooperatives")
    rating: Optional[Literal["good", "fair", "average", "weak"]] = Field(
        None, description="the Department's rating of the organisation for the year (not of the revision)")


class RatingOut(Schema):
    organization: str
    year: int
    rating: str
    recorded_at: datetime.datetime
    superseded_at: Optional[datetime.datetime]


class MacroOut(Schema):
    unit: str
    year: int
    grdp: Optional[Decimal] = Field(description="million VND")
    grdp_source: str
    grdp_share_official: Optional[Decimal] = Field(description="percent, as published by the statistics office")
    grdp_share_official_source: str
    population: Optional[int]
    population_source: str


class ReportPage(Schema):
    items: list[ReportOut]
    next_cursor: Optional[str]


class Input(Schema):
    """A request body: no text in it may hold a NUL character (PostgreSQL refuses it, SQLite would keep it)."""

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value):
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("contains a NUL character (code 0), which no text may hold")
        return value


class OrganizationIn(Input):
    code: str = Field(min_length=1, max_length=40, description="registration number, unique")
    kind: Kind
    name: str = Field(min_length=1, max_length=255)
    unit: str = Field(description="unit code in force on established_on")
    sector: Optional[Sector] = Field(None, description="null for unclassified")
    established_on: datetime.date
    address: str = Field("", max_length=300)
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=254)
    representative: str = Field("", max_length=120)
    document: str = Field("", max_length=120)
    note: str = ""
    legacy_number: str = Field("", max_length=40, description="the number on an older certificate")
    registered_by: str = Field("", max_length=200, description="the registration authority")
    vsic: str = Field("", max_length=4, description="main line of business: a VSIC level-4 code (four digits)")
    vsic_version: str = Field("2018", max_length=8)
    origin: Origin = Field(Origin.NEW, description="'reorganisation' for one formed by a consolidation, division "
                                                   "or separation (established the day of that event)")
    public_contact: bool = False


class EventIn(Input):
    type: EventType = Field(description="any event type but 'established' (that comes with the organisation)")
    date: datetime.date
    unit: Optional[str] = Field(None, description="for 'relocated': the new unit's code on that date")
    sector: Optional[Sector] = Field(None, description="for 'reclassified'")
    name: str = Field("", max_length=255, description="for 'renamed'")
    document: str = Field("", max_length=120)
    note: str = ""
    until: Optional[datetime.date] = Field(None, description="for 'suspended': the end of the notice, at most "
                                                             "12 months after the date")
    successors: list[str] = Field([], description="for 'consolidated', 'absorbed', 'divided', 'separated', "
                                                  "'converted': the successors' codes, in order")


class ReportIn(Input):
    year: int = Field(ge=1990, le=2100)
    members: Optional[int] = Field(None, ge=0)
    workers: Optional[int] = Field(None, ge=0)
    revenue: Optional[Decimal] = Field(None, description="million VND")
    profit: Optional[Decimal] = Field(None, description="million VND")
    income: Optional[Decimal] = Field(None, description="million VND per worker per year")
    value_added: Optional[Decimal] = Field(None, description="million VND")
    is_estimate: bool = False
    members_official: Optional[int] = Field(None, ge=0)
    members_associate: Optional[int] = Field(None, ge=0)
    members_joined: Optional[int] = Field(None, ge=0)
    members_left: Optional[int] = Field(None, ge=0)
    workers_regular: Optional[int] = Field(None, ge=0)
    workers_members: Optional[int] = Field(None, ge=0)
    revenue_with_members: Optional[Decimal] = Field(None, ge=0, description="million VND, at most revenue")
    charter_capital: Optional[Decimal] = Field(None, ge=0, description="million VND")
    total_capital: Optional[Decimal] = Field(None, ge=0, description="million VND")
    budget_paid: Optional[Decimal] = Field(None, ge=0, description="million VND")
    value_chain: Optional[bool] = Field(None, description="null: not answered")
    high_tech: Optional[bool] = Field(None, description="null: not answered")
    director_trained: Optional[bool] = Field(None, description="null: not answered")
    managers: Optional[int] = Field(None, ge=0)
    managers_college: Optional[int] = Field(None, ge=0)
    member_htx: Optional[int] = Field(None, ge=0)
    submit: bool = Field(True, description="submit for review (true) or keep as a draft (false)")
    comment: str = ""


class ImportOut(Schema):
    imported: dict[str, int]


class ProblemItem(Schema):
    field: Optional[str] = None
    message: str
    file: Optional[str] = None
    row: Optional[int] = None
    column: Optional[str] = None
    value: Optional[str] = None


class ProblemOut(Schema):
    type: str
    title: str
    status: int
    detail: str
    instance: str
    errors: Optional[list[ProblemItem]] = None


class RatingIn(Input):
    rating: Literal["good", "fair", "average", "weak"]
