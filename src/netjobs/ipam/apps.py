from django.apps import AppConfig


class IpamConfig(AppConfig):
    name = "netjobs.ipam"
    label = "ipam"
    verbose_name = "IPAM"
