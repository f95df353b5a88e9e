from django.apps import AppConfig


class CollectionConfig(AppConfig):
    name = "hoptac.collection"
    label = "collection"
