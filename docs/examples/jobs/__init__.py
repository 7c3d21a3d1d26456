"""The jobs root is a Python package: keep this file (netjobs creates it in a new NETJOBS_HOME)."""
