from django.apps import AppConfig


class DcimConfig(AppConfig):
    name = "netjobs.dcim"
    label = "dcim"
    verbose_name = "DCIM"
