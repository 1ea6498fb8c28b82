from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "coproduce.insights"
    label = "insights"
    verbose_name = "Insights: whose voices are missing, against the local population"

    def ready(self) -> None:
        from coproduce.insights import signals  # noqa: F401 - connects the receivers
