from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "coproduce.public"
    label = "public"
    verbose_name = "The public site at /o/<organisation>/: no sign-in, works without JavaScript"
