"""Tests for netjobs.ipam."""
