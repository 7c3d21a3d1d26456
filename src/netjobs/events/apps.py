from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "netjobs.events"
    label = "events"
    verbose_name = "Events and webhooks"

    def ready(self) -> None:
        from netjobs.events import receivers

        receivers.connect()
