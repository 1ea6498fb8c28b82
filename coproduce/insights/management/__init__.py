"""Management commands of the insights app, and what they share."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.db.models import QuerySet

from coproduce.organisations.models import Organisation


def organisations_named(slug: str | None) -> QuerySet[Organisation]:
    """The organisation with this slug (CommandError if none has it), or every organisation when slug is None."""
    organisations = Organisation.objects.order_by("slug")
    if slug:
        organisations = organisations.filter(slug=slug)
        if not organisations.exists():
            raise CommandError(f"No organisation has the slug {slug!r}.")
    return organisations
