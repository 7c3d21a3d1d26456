from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "netjobs.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from netjobs.core import changelog

        changelog.connect_signals()
