from django.apps import AppConfig


class CommsConfig(AppConfig):
    name = "coproduce.comms"
    label = "comms"
    verbose_name = "Messages (email and text)"
