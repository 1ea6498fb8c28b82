"""The REST API at /api/v1/ (django-ninja). Each area adds its own router from `<app>/api.py`.

Every call is authenticated with a token that belongs to one member of one organisation, and sees only that
organisation's records, exactly as the web pages do. The OpenAPI document is at /api/v1/openapi.json.
"""

from __future__ import annotations

from ninja import NinjaAPI

from coproduce.api.auth import TokenAuth

api = NinjaAPI(
    title="coproduce API",
    version="1",
    description=(
        "Read and change the records of one organisation, as its web pages allow the member whose token it is. "
        "Authenticate with an API token from your account page: `Authorization: Bearer <token>`."
    ),
    auth=TokenAuth(),
    urls_namespace="api",
    docs_url=None,  # Swagger UI loads from a CDN, which our Content Security Policy (rightly) blocks.
)

from coproduce.commitments.api import router as commitments_router  # noqa: E402
from coproduce.communities.api import router as communities_router  # noqa: E402
from coproduce.consent.api import router as consent_router  # noqa: E402
from coproduce.contributions.api import router as contributions_router  # noqa: E402
from coproduce.decisions.api import router as decisions_router  # noqa: E402
from coproduce.engagement.api import router as engagement_router  # noqa: E402
from coproduce.engagement.api_attendance import router as attendance_router  # noqa: E402
from coproduce.engagement.api_replies import router as replies_router  # noqa: E402
from coproduce.equality.api import router as equality_router  # noqa: E402
from coproduce.insights.api import router as insights_router  # noqa: E402
from coproduce.learning.api import router as learning_router  # noqa: E402
from coproduce.newsletter.api import router as newsletter_router  # noqa: E402
from coproduce.organisations.api import router as organisations_router  # noqa: E402
from coproduce.payments.api import router as payments_router  # noqa: E402
from coproduce.peers.api_referrals import router as peer_referrals_router  # noqa: E402
from coproduce.peers.api_support import router as peer_support_router  # noqa: E402
from coproduce.peers.api_supporters import router as peer_supporters_router  # noqa: E402
from coproduce.people.api import router as people_router  # noqa: E402
from coproduce.projects.api import router as projects_router  # noqa: E402
from coproduce.publishing.api import router as publishing_router  # noqa: E402

api.add_router("", organisations_router)
api.add_router("", projects_router)
api.add_router("", commitments_router)
api.add_router("", people_router)
api.add_router("", consent_router)
api.add_router("", equality_router)
api.add_router("", engagement_router)
api.add_router("", replies_router)
api.add_router("", attendance_router)
api.add_router("", payments_router)
api.add_router("", contributions_router)
api.add_router("", decisions_router)
api.add_router("", newsletter_router)
api.add_router("", publishing_router)
api.add_router("", insights_router)
api.add_router("", learning_router)
api.add_router("", communities_router)
api.add_router("", peer_referrals_router)
api.add_router("", peer_support_router)
api.add_router("", peer_supporters_router)
