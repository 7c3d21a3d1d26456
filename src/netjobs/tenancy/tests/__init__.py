"""Tests for netjobs.tenancy."""
