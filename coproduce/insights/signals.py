"""Changes elsewhere that insights must show at once (see cache.py): equality answers and objections, equality
monitoring consent, and equality snapshots removed (for example when a person is erased)."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from coproduce.consent.models import Consent, Purpose
from coproduce.equality.models import EqualityProfile, EqualitySnapshot
from coproduce.insights.cache import changed


@receiver([post_save, post_delete], sender=EqualityProfile, dispatch_uid="insights_equality_profile")
@receiver(post_delete, sender=EqualitySnapshot, dispatch_uid="insights_equality_snapshot")
def _equality_changed(sender, instance, **kwargs) -> None:
    changed(instance.organisation_id)


@receiver([post_save, post_delete], sender=Consent, dispatch_uid="insights_consent")
def _consent_changed(sender, instance: Consent, **kwargs) -> None:
    if instance.purpose == Purpose.EQUALITY_MONITORING:
        changed(instance.organisation_id)
