"""The suite's one world, built once per session and loaded into each test's transaction.

Building it through the domain (``lifecycle.establish``, profiles, API tokens) takes
tens of milliseconds and as many queries; doing that for every test that asks for it
was most of the set-up of tests/api, tests/collection, tests/backoffice and
tests/accounts. :class:`FrozenWorld` builds it once, inside a transaction, copies
every row the build added into tables of its own (``hoptac_world_<n>``, which Django's
flush does not know about) and puts the database back as the migrations left it. A test asking for ``world``
gets those rows inserted again (``INSERT … SELECT``, a few statements) inside its own
transaction, which pytest-django rolls back at its end, and a deep copy of the
Python objects, whose primary keys are those of the rows.

Rows the build changed rather than added (the register's change stamp) are not
copied: inserting the world's rows moves the stamp again.
"""

import copy
import datetime
from dataclasses import dataclass, field

from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import Client

from tests.accounts.factories import FOREIGN_COMMUNE, OWN_COMMUNE, make_org, make_user, unit

D = datetime.date
AFTER_REFORM = D(2025, 7, 1)  # two-level local government
ROLES = ("admin", "province_officer", "local_officer", "outsider", "cooperative", "editor", "viewer")


class ApiClient(Client):
    """A test client that sends a bearer token and asks for English messages (the tests read them)."""

    def __init__(self, token=None, **kwargs):
        super().__init__(**kwargs)
        self.token = token

    def _base_environ(self, **request):
        environ = super()._base_environ(**request)
        if self.token and "HTTP_AUTHORIZATION" not in request:
            environ["HTTP_AUTHORIZATION"] = f"Bearer {self.token}"
        environ.setdefault("HTTP_ACCEPT_LANGUAGE", request.get("HTTP_ACCEPT_LANGUAGE", "en"))
        return environ


@dataclass
class World:
    """Two organisations, one user for every role and an API token for each.

    ``own_org`` is in Phường Quán Toan (district 303 until 30/6/2025, new Phường Hồng An
    from 1/7/2025); the local officer holds district 303 and Phường Hồng An (the officer
    who verifies before and after the reform). ``foreign_org`` is in Phường Máy Chai
    (district 304, new Phường Ngô Quyền); the outsider is a local officer of those.
    ``tokens`` has one API token per role and a revoked one (``"revoked"``).
    """

    own_org: object
    foreign_org: object
    users: dict
    tokens: dict = field(default_factory=dict)

    def __getitem__(self, role):
        return self.users[role]

    def client(self, role):
        """An API client with the role's token (``"anonymous"``: none; ``"revoked"``: a revoked one)."""
        return ApiClient(self.tokens.get(role))


def build_world():
    """The world, written through the domain functions like every other write path."""
    from hoptac.api.models import ApiToken

    own = make_org("HP-0001", unit(OWN_COMMUNE), "HTX Nông nghiệp Thủy Sơn", established_on=D(2010, 3, 1),
                   representative="Nguyễn Văn A", phone="0225 111", email="a@example.vn")
    foreign = make_org("HP-0002", unit(FOREIGN_COMMUNE), "HTX Dịch vụ An Đồng Xanh", established_on=D(2010, 3, 1),
                       representative="Trần Thị B", phone="0225 222", email="b@example.vn")
    users = {
        "admin": make_user("quantri", "admin", superuser=True),
        "province_officer": make_user("so_tinh", "province_officer"),
        "local_officer": make_user("hong_bang", "local_officer", units=[unit("303"), unit("11602", AFTER_REFORM)]),
        "outsider": make_user("ngo_quyen", "local_officer", units=[unit("304"), unit("11329", AFTER_REFORM)]),
        "cooperative": make_user("htx_thuy_son", "cooperative", organization=own),
        "editor": make_user("bien_tap", "editor"),
        "viewer": make_user("lanh_dao", "viewer"),
    }
    tokens = {role: ApiToken.issue(user, f"{role} token")[1] for role, user in users.items()}
    revoked, tokens["revoked"] = ApiToken.issue(users["province_officer"], "old token")
    revoked.revoke()
    return World(own, foreign, users, tokens)


class FrozenWorld:
    """The rows of one :func:`build_world`, kept aside and put into a test's transaction on demand."""

    def __init__(self, reference):
        self._reference = reference  # the migrations' data (tests/reference_data.py)
        self.world = None
        self.tables = {}  # table -> copy of the rows the build added
        self.models = []  # whose sequences follow the inserted ids

    def freeze(self):
        """Build the world (committed), copy the rows it added aside, and put the database back."""
        quote = connection.ops.quote_name
        tables = sorted(connection.introspection.django_table_names(only_existing=True))
        keys = {m._meta.db_table: m._meta.pk.column for m in _models()}
        with connection.cursor() as cursor:
            for i, table in enumerate(tables):
                cursor.execute(f"DROP TABLE IF EXISTS hoptac_before_{i}")
                cursor.execute(f"CREATE TABLE hoptac_before_{i} AS SELECT {quote(keys[table])} AS pk "
                               f"FROM {quote(table)}")
            with transaction.atomic():
                self.world = build_world()
            for i, table in enumerate(tables):
                copy_ = f"hoptac_world_{i}"
                cursor.execute(f"DROP TABLE IF EXISTS {copy_}")
                cursor.execute(f"CREATE TABLE {copy_} AS SELECT * FROM {quote(table)} WHERE {quote(keys[table])} "
                               f"NOT IN (SELECT pk FROM hoptac_before_{i})")
                cursor.execute(f"DROP TABLE hoptac_before_{i}")
                cursor.execute(f"SELECT 1 FROM {copy_} LIMIT 1")
                if cursor.fetchone() is not None:
                    self.tables[table] = copy_
                else:
                    cursor.execute(f"DROP TABLE {copy_}")
        self._reference.restore()
        self.models = [m for m in _models() if m._meta.db_table in self.tables]
        return self

    def load(self):
        """Insert the world into the current transaction and give a fresh copy of its objects.

        In one transaction of its own (a savepoint inside a test's), so that foreign keys are checked
        once every table is in, also for a transactional test, which has no transaction around it.
        """
        quote = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for table, copy_ in self.tables.items():
                cursor.execute(f"INSERT INTO {quote(table)} SELECT * FROM {copy_}")
            for sql in connection.ops.sequence_reset_sql(no_style(), self.models):  # after a flush's reset
                cursor.execute(sql)
            if connection.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # checked now, then deferred as Django has them
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        return copy.deepcopy(self.world)


def _models():
    from django.apps import apps

    return [m for m in apps.get_models(include_auto_created=True) if m._meta.managed and not m._meta.proxy]
