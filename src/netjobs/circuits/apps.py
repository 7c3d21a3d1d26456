from django.apps import AppConfig


class CircuitsConfig(AppConfig):
    name = "netjobs.circuits"
    label = "circuits"
    verbose_name = "Circuits"
