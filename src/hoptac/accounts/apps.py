from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hoptac.accounts"
    label = "accounts"
