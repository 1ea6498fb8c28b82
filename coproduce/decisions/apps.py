from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "coproduce.decisions"
    label = "decisions"
    verbose_name = "Decisions and promises: closing the loop with families"
