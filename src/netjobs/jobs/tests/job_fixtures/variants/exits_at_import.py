"""A job module that calls sys.exit() while it is imported (it must not end the process that imports it)."""

import sys

sys.exit("this module exits at import")
