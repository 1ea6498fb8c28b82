"""The API's refusals, the same in every area: 403 when the member's role does not allow a call, and a service's
ValidationError as 422 naming each field ("phone: Enter a UK phone number…")."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja.errors import HttpError

NOT_ALLOWED = "Your role does not allow this."


def require(request: HttpRequest, permission: str, obj=None) -> None:
    """403 with a JSON answer when the member lacks `permission` (on `obj`, or else on their organisation)."""
    if not request.user.has_perm(permission, obj if obj is not None else request.organisation):
        raise HttpError(403, NOT_ALLOWED)


def validation_error_422(error: ValidationError) -> HttpError:
    """The 422 to raise for a service's ValidationError: each field named, messages joined with "; "."""
    if hasattr(error, "error_dict"):
        parts = [
            " ".join(messages) if field == "__all__" else f"{field}: {' '.join(messages)}"
            for field, messages in error.message_dict.items()
        ]
    else:
        parts = error.messages
    return HttpError(422, "; ".join(parts))
