from django.apps import AppConfig


class StakeholdersConfig(AppConfig):
    name = "coproduce.stakeholders"
    label = "stakeholders"
    verbose_name = "Stakeholders: the eight groups of the brief, their sub-groups, and partner organisations"
