from django.apps import AppConfig


class AutomationRecordsConfig(AppConfig):
    """Output files and run counters (bookkeeping database)."""

    name = "netjobs.automation.records"
    label = "automation_records"
    verbose_name = "Automation records"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from netjobs.automation.records import counters

        counters.connect()
