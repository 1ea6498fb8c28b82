from django.apps import AppConfig


class SafeguardingConfig(AppConfig):
    name = "coproduce.safeguarding"
    label = "safeguarding"
    verbose_name = "Safeguarding concerns"
