"""Tests for netjobs.core."""
