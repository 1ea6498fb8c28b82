"""Top-level URLs. Each area of the product has its own urls.py; the API lives under /api/v1/."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from coproduce.api import api

# The Django admin signs people in through our sign-in page, so its second factor and lockout apply there too.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", include("coproduce.core.urls")),
    path("accounts/", include("coproduce.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("coproduce.organisations.urls")),
    path("", include("coproduce.people.urls")),
    path("", include("coproduce.stakeholders.urls")),
    path("", include("coproduce.projects.urls")),
    path("", include("coproduce.commitments.urls")),
    path("", include("coproduce.consent.urls")),
    path("", include("coproduce.equality.urls")),
    path("", include("coproduce.datarights.urls")),
    path("", include("coproduce.safeguarding.urls")),
    path("", include("coproduce.engagement.urls")),
    path("", include("coproduce.payments.urls")),
    path("", include("coproduce.contributions.urls")),
    path("", include("coproduce.comms.urls")),
    path("", include("coproduce.decisions.urls")),
    path("", include("coproduce.publishing.urls")),
    path("", include("coproduce.newsletter.urls")),
    path("", include("coproduce.public.urls")),
    path("", include("coproduce.insights.urls")),
    path("", include("coproduce.peers.urls")),
    path("", include("coproduce.communities.urls")),
    path("", include("coproduce.learning.urls")),
    path("api/v1/", api.urls),
    path("django-admin/", admin.site.urls),
]

handler400 = "coproduce.core.views.error_400"
handler403 = "coproduce.core.views.error_403"
handler404 = "coproduce.core.views.error_404"
handler500 = "coproduce.core.views.error_500"
