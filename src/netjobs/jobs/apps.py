from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "netjobs.jobs"
    label = "jobs"
    verbose_name = "Jobs"
