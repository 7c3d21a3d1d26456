"""Shared markers of the API tests."""

import pytest

#: Tests that read or write both databases (data and bookkeeping).
both_databases = pytest.mark.django_db(databases=["default", "jobs"])
#: Tests that execute runs in-process or serve HTTP from a thread: the run log is flushed by a thread on its own
#: connection, which would wait forever on a test-wrapping transaction, so these tests commit for real.
committing = pytest.mark.django_db(databases=["default", "jobs"], transaction=True)
