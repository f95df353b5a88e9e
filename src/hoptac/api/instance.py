"""The one NinjaAPI instance of ``/api/v1/`` (its description, documentation and problem documents).

Routers import it from here; :mod:`hoptac.api.api` mounts them on it."""

from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from . import problems

DESCRIPTION = """
Read the register of cooperatives, their annual reports and the official
indicators of hoptac; authorised programs also write.

* **Authentication**: `Authorization: Bearer <token>`; tokens are created in the
  back office (API tokens). Without a token you read public data only, with a
  rate limit per address.
* **Money** is in million VND. **Dates** are ISO `YYYY-MM-DD`. Unit codes are the
  General Statistics Office codes, resolved on the date they are used at.
* **Errors** are `application/problem+json` (RFC 9457).
* **Writes** accept an `Idempotency-Key` header: repeating a request with the same
  key and body returns the stored answer instead of acting twice.
* **Licence** of the open data: Creative Commons Attribution 4.0 (CC BY 4.0).
"""


class HoptacAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """Error responses are documented as ``application/problem+json``, as they are sent; reads
        need no token."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for path in schema.get("paths", {}).values():
            for method, operation in path.items():
                if method == "get" and operation.get("security"):
                    # Reads are open to the public too (auth.Public): the token is optional.
                    operation["security"] = [*operation["security"], {}]
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content")
                    if int(status) >= 400 and content and "application/json" in content:
                        content[problems.CONTENT_TYPE] = content.pop("application/json")
        return schema


api = HoptacAPI(
    title="hoptac API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    # Served from ninja's own static files ("ninja" is in INSTALLED_APPS): no CDN.
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": True}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
problems.install(api)
