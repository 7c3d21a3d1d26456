"""Tenancy models for job authors: `from netjobs.apps.tenancy import Tenant, TenantGroup`."""

from netjobs.tenancy.models import Tenant, TenantGroup

__all__ = ["Tenant", "TenantGroup"]
