"""A URL configuration for the equality API tests while the router is not yet registered in coproduce/api: the
site's own URLs, plus (only if needed) an API with just the equality router at the same address."""

from __future__ import annotations

import uuid

from django.urls import NoReverseMatch, path, reverse
from ninja import NinjaAPI

from coproduce.api.auth import TokenAuth
from coproduce.equality.api import router
from coproduce.urls import urlpatterns as site_urlpatterns

try:
    reverse("api:person_equality", urlconf="coproduce.urls", kwargs={"person_id": uuid.uuid4()})
    REGISTERED = True
except NoReverseMatch:
    REGISTERED = False

if REGISTERED:
    urlpatterns = site_urlpatterns
else:
    test_api = NinjaAPI(auth=TokenAuth(), urls_namespace="equality_test_api", docs_url=None, openapi_url=None)
    test_api.add_router("", router)
    urlpatterns = [path("api/v1/", test_api.urls), *site_urlpatterns]
