from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "coproduce.core"
    label = "core"
    verbose_name = "Core: tenancy, audit and layout"

    def ready(self) -> None:
        from coproduce.core import checks  # noqa: F401  (registers the deployment checks)
