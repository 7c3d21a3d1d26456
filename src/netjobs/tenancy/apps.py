from django.apps import AppConfig


class TenancyConfig(AppConfig):
    name = "netjobs.tenancy"
    label = "tenancy"
    verbose_name = "Tenancy"
