from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "coproduce.organisations"
    label = "organisations"
    verbose_name = "Organisations: hubs, members, roles and invitations"
