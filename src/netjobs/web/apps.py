from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "netjobs.web"
    label = "web"
    verbose_name = "Web UI"
