from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "netjobs.users"
    label = "users"
    verbose_name = "Users and API tokens"
