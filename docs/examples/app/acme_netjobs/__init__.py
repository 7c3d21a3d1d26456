"""A Django app that ships jobs: netjobs finds them in its `jobs` module as app/acme_netjobs.jobs/<Class>."""
