from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "coproduce.newsletter"
    label = "newsletter"
    verbose_name = "Newsletter: subscribers (not people records), issues and their sending"
