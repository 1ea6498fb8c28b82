from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "coproduce.publishing"
    label = "publishing"
    verbose_name = "Publishing: wins, the glossary, published offers and the public site's settings"
