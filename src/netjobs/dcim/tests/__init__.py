"""Tests for netjobs.dcim."""
