from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "netjobs.scheduling"
    label = "scheduling"
    verbose_name = "Scheduling"

    def ready(self) -> None:
        from netjobs.scheduling import signals

        signals.connect()
