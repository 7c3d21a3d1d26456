"""Models of the maintenance app: where notifications come from, what they said, and the maintenances."""

from netjobs.maintenance.models.maintenances import (
    CircuitImpact,
    CircuitMaintenance,
    CircuitMaintenanceQuerySet,
    MaintenanceNote,
)
from netjobs.maintenance.models.notifications import Notification, ParsedNotification
from netjobs.maintenance.models.sources import NotificationSource, ProviderMaintenanceProfile

__all__ = [
    "CircuitImpact",
    "CircuitMaintenance",
    "CircuitMaintenanceQuerySet",
    "MaintenanceNote",
    "Notification",
    "NotificationSource",
    "ParsedNotification",
    "ProviderMaintenanceProfile",
]
