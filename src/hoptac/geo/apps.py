from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "hoptac.geo"
    label = "geo"
