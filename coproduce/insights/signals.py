"""Changes elsewhere that insights must show at once (see cache.py): equality answers and objections, equality
monitoring consent, and equality snapshots removed (for example when a person is erased); and register lines or
project stakeholders deleted however it happens (a merge of duplicate people, an activity or project deleted),
whose involvement records go with them."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from coproduce.consent.models import Consent, Purpose
from coproduce.engagement.models import Attendance
from coproduce.equality.models import EqualityProfile, EqualitySnapshot
from coproduce.insights.cache import changed
from coproduce.insights.involvement import source_deleted
from coproduce.insights.models import Benchmark, OrganisationArea
from coproduce.projects.models import ProjectStakeholder


@receiver([post_save, post_delete], sender=EqualityProfile, dispatch_uid="insights_equality_profile")
@receiver(post_delete, sender=EqualitySnapshot, dispatch_uid="insights_equality_snapshot")
def _equality_changed(sender, instance, **kwargs) -> None:
    changed(instance.organisation_id)


@receiver([post_save, post_delete], sender=Consent, dispatch_uid="insights_consent")
def _consent_changed(sender, instance: Consent, **kwargs) -> None:
    if instance.purpose == Purpose.EQUALITY_MONITORING:
        changed(instance.organisation_id)


@receiver(post_delete, sender=Attendance, dispatch_uid="insights_attendance_deleted")
@receiver(post_delete, sender=ProjectStakeholder, dispatch_uid="insights_project_stakeholder_deleted")
def _source_deleted(sender, instance, **kwargs) -> None:
    source_deleted(instance.organisation_id, instance.pk)


@receiver([post_save, post_delete], sender=Benchmark, dispatch_uid="insights_benchmark")
@receiver([post_save, post_delete], sender=OrganisationArea, dispatch_uid="insights_area")
def _population_changed(sender, instance, **kwargs) -> None:
    changed(instance.organisation_id)
