from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "coproduce.consent"
    label = "consent"
    verbose_name = "Consent, privacy notices, data sharing and people's own links"
