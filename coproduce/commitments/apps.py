from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    name = "coproduce.commitments"
    label = "commitments"
    verbose_name = "Commitment: the shared definition, the commitment and its signatures, strategies and leads"
