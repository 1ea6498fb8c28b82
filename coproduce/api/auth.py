"""Token authentication for the API: the token names a membership, which fixes the organisation and the user."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from coproduce.accounts.models import ApiToken, hash_token
from coproduce.core.middleware import second_factor_missing

# Don't write to the database on every call just to say the token was used.
LAST_USED_RESOLUTION = timedelta(minutes=5)


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = (
            ApiToken.objects.active()
            .select_related("membership__user", "membership__organisation")
            .filter(key_hash=hash_token(token), membership__user__is_active=True)
            .first()
        )
        if found is None or second_factor_missing(found.membership.user, [found.membership]):
            return None
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        membership = found.membership
        request.user = membership.user
        request.membership = membership
        request.organisation = membership.organisation
        request.memberships = [membership]
        membership.user._coproduce_roles = {membership.organisation_id: membership.role}
        return found
