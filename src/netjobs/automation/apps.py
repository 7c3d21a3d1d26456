from django.apps import AppConfig


class AutomationConfig(AppConfig):
    """Job hooks and job buttons (data database: they reference content types)."""

    name = "netjobs.automation"
    label = "automation"
    verbose_name = "Automation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from netjobs.automation import hooks

        hooks.connect()
