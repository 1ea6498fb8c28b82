"""What every organisation and project starts with: editable afterwards."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

JOURNEY_AREAS = [
    _("Maternity"),
    _("Health visiting"),
    _("Early years and childcare"),
    _("Special educational needs and disabilities (SEND)"),
    _("Mental health"),
    _("Social care"),
    _("Housing"),
    _("Schools"),
    _("Money and work"),
    _("Domestic abuse support"),
]

STAGES = [_("Discover"), _("Define"), _("Design"), _("Deliver"), _("Review")]
