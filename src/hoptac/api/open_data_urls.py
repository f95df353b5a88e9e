"""``/du-lieu-mo/`` (inside the language prefix, before the portal's pages)."""

from django.urls import path

from . import open_data_page

urlpatterns = [
    path("du-lieu-mo/", open_data_page.page, name="open_data_page"),
    path("du-lieu-mo/datapackage.json", open_data_page.datapackage, name="open_data_package"),
    path("du-lieu-mo/hoptac-du-lieu-mo.zip", open_data_page.archive, name="open_data_zip"),
    path("du-lieu-mo/<str:name>", open_data_page.csv_file, name="open_data_csv"),
]
