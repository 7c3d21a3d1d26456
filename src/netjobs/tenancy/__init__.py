"""Tenancy: who owns or uses a piece of the network (tenants and their groups)."""
