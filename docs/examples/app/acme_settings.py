"""Settings for a site with its own Django app: DJANGO_SETTINGS_MODULE=acme_settings netjobs up."""

from netjobs.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "acme_netjobs"]  # noqa: F405
