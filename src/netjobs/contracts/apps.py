from __future__ import annotations

from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "netjobs.contracts"
    label = "contracts"
    verbose_name = "Contracts"
    default_auto_field = "django.db.models.BigAutoField"
    #: Entries of the web UI's main menu: (label, URL name, permission needed to see it).
    netjobs_menu = [("Contracts", "contracts:contract-list", "contracts.view_contract")]

    def ready(self) -> None:
        from netjobs.contracts import signals

        signals.connect_signals()
