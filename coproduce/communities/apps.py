from django.apps import AppConfig


class CommunitiesConfig(AppConfig):
    name = "coproduce.communities"
    label = "communities"
    verbose_name = "Communities of practice: time-limited learning groups, open to members of other organisations"
