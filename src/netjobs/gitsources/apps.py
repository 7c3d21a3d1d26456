from __future__ import annotations

from django.apps import AppConfig


class GitSourcesConfig(AppConfig):
    name = "netjobs.gitsources"
    label = "gitsources"
    verbose_name = "Git repositories"

    def ready(self) -> None:
        from netjobs.gitsources import provider, signals

        provider.register()
        signals.connect()
