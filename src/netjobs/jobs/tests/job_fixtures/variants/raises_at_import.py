"""A job module that raises while it is imported."""

raise RuntimeError("the inventory API is unreachable at import time")
