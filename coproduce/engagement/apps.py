from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "coproduce.engagement"
    label = "engagement"
    verbose_name = "Engagement: activities, invitations, polls and attendance"
