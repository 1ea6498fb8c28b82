from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "coproduce.insights"
    label = "insights"
    verbose_name = "Insights: whose voices are missing, against the local population"
