"""Staff pages for what an organisation publishes: see views.py (wins, glossary, public site, translations) and
views_offers.py (published offers). The public pages themselves live in coproduce/public."""

from django.urls import path

from coproduce.publishing import views, views_offers, views_overview

app_name = "publishing"

urlpatterns = [
    path("wins/", views.win_list, name="win_list"),
    path("wins/new", views.win_create, name="win_create"),
    path("wins/<uuid:win_id>/", views.win_detail, name="win_detail"),
    path("wins/<uuid:win_id>/edit", views.win_edit, name="win_edit"),
    path("wins/<uuid:win_id>/publish", views.win_publish, name="win_publish"),
    path("wins/<uuid:win_id>/unpublish", views.win_unpublish, name="win_unpublish"),
    path("wins/<uuid:win_id>/photo", views.win_photo, name="win_photo"),
    path("glossary/", views.glossary_list, name="glossary_list"),
    path("glossary/<uuid:term_id>/", views.glossary_edit, name="glossary_edit"),
    path("glossary/<uuid:term_id>/delete", views.glossary_delete, name="glossary_delete"),
    path("offers/", views_offers.offer_list, name="offer_list"),
    path("offers/new", views_offers.offer_create, name="offer_create"),
    path("offers/<uuid:offer_id>/", views_offers.offer_detail, name="offer_detail"),
    path("offers/<uuid:offer_id>/edit", views_offers.offer_edit, name="offer_edit"),
    path("offers/<uuid:offer_id>/versions/new", views_offers.offer_version_create, name="offer_version_create"),
    path("offers/versions/<uuid:offer_version_id>/", views_offers.offer_version_detail, name="offer_version_detail"),
    path("offers/versions/<uuid:offer_version_id>/edit", views_offers.offer_version_edit, name="offer_version_edit"),
    path(
        "offers/versions/<uuid:offer_version_id>/publish",
        views_offers.offer_version_publish,
        name="offer_version_publish",
    ),
    path(
        "offers/versions/<uuid:offer_version_id>/review",
        views_offers.offer_version_review,
        name="offer_version_review",
    ),
    path("public-site/", views_overview.overview, name="overview"),
    path("public-site/settings", views.public_site_settings, name="public_site_settings"),
    path(
        "translations/<slug:record_kind>/<uuid:record_id>/<slug:language>",
        views.translate,
        name="translate",
    ),
]
