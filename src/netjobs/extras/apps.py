from django.apps import AppConfig


class ExtrasConfig(AppConfig):
    name = "netjobs.extras"
    label = "extras"
    verbose_name = "Extras (the spec's job permission)"
