from django.apps import AppConfig


class DataRightsConfig(AppConfig):
    name = "coproduce.datarights"
    label = "datarights"
    verbose_name = "Data rights: subject access, erasure and retention"
