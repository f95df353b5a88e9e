"""``/du-lieu-mo/``: the open-data page in Vietnamese, the data package and its files (SPEC §6 v2)."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET

from . import open_data
from . import open_data_package as package


def update_frequency():
    return pgettext("open data", "Continuous: the files are made again whenever the register changes (within 10 minutes).")


def _dictionary(schema):
    return [{"name": f["name"], "type": f["type"], "title": f["title"], "description": f["description"]}
            for f in schema["fields"]]


@require_GET
def page(request):
    files = package.datasets()
    datasets = []
    for resource, body in files:
        code = resource["name"].removeprefix("chi-tieu-")
        is_register = resource["name"] == "dang-ky-to-chuc"
        formats = ([("CSV", resource["path"])]
                   + ([("XLSX", "/api/v1/open-data/register.xlsx"), ("JSON", "/api/v1/open-data/register.json")]
                      if is_register else
                      [("XLSX", f"/api/v1/open-data/indicators/{code}.xlsx"),
                       ("JSON", f"/api/v1/open-data/indicators/{code}.json")]))
        datasets.append({"resource": resource, "size": len(body), "formats": formats,
                         "fields": _dictionary(resource["schema"])})
    return render(request, "api/open_data_page.html", {
        "datasets": datasets, "licence": open_data.LICENCE, "data_date": open_data.data_date(),
        "years": open_data.default_years(), "frequency": update_frequency(),
    })


@require_GET
def datapackage(request):
    response = HttpResponse(package.descriptor_json(), content_type="application/json")
    response["Link"] = f'<{open_data.LICENCE["url"]}>; rel="license"'
    return response


@require_GET
def archive(request):
    response = HttpResponse(package.zip_file(), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="hoptac-du-lieu-mo.zip"'
    return response


@require_GET
def csv_file(request, name):
    for resource, body in package.datasets():
        if resource["path"] == name:
            response = HttpResponse(body, content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            response["Link"] = f'<{open_data.LICENCE["url"]}>; rel="license", <datapackage.json>; rel="describedby"'
            return response
    raise Http404(name)
