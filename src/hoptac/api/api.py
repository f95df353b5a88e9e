"""The hoptac REST API (``/api/v1/``): one NinjaAPI, one router per resource."""

from .instance import api
from .routers import directives, indicators, macro, open_data, organizations, units, writes

__all__ = ["api"]

api.add_router("/units", units.router)
api.add_router("/organizations", organizations.router)
api.add_router("/annual-reports", organizations.reports_router)
api.add_router("/", indicators.router)
api.add_router("/imports", writes.imports_router)
api.add_router("/open-data", open_data.router)
api.add_router("/macro", macro.router)
api.add_router("/", directives.router)
