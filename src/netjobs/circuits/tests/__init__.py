"""Tests for netjobs.circuits."""
