"""The newsletter: staff pages under /newsletter/, and public pages (no sign-in) under
/o/<organisation-slug>/newsletter/. Included from coproduce/urls.py."""

from django.urls import path

from coproduce.newsletter import views, views_public

app_name = "newsletter"

urlpatterns = [
    path("newsletter/", views.home, name="home"),
    path("newsletter/subscribers/", views.subscriber_list, name="subscriber_list"),
    path("newsletter/subscribers/export.csv", views.subscriber_export, name="subscriber_export"),
    path("newsletter/issues/new", views.issue_create, name="issue_create"),
    path("newsletter/issues/<uuid:issue_id>/", views.issue_detail, name="issue_detail"),
    path("newsletter/issues/<uuid:issue_id>/edit", views.issue_edit, name="issue_edit"),
    path("newsletter/issues/<uuid:issue_id>/blocks/new", views.block_add, name="block_add"),
    path("newsletter/issues/<uuid:issue_id>/blocks/<uuid:block_id>/edit", views.block_edit, name="block_edit"),
    path("newsletter/issues/<uuid:issue_id>/blocks/<uuid:block_id>/delete", views.block_delete, name="block_delete"),
    path("newsletter/issues/<uuid:issue_id>/preview", views.issue_preview, name="issue_preview"),
    path("newsletter/issues/<uuid:issue_id>/test", views.issue_test, name="issue_test"),
    path("newsletter/issues/<uuid:issue_id>/send", views.issue_send, name="issue_send"),
    # Public: no sign-in.
    path("o/<slug:organisation_slug>/newsletter/", views_public.signup, name="signup"),
    path("o/<slug:organisation_slug>/newsletter/check-your-email", views_public.check_email, name="check_email"),
    path("o/<slug:organisation_slug>/newsletter/confirm/<str:token>", views_public.confirm, name="confirm"),
    path("o/<slug:organisation_slug>/newsletter/unsubscribe/<str:key>", views_public.unsubscribe, name="unsubscribe"),
    path("o/<slug:organisation_slug>/newsletter/archive/", views_public.archive, name="archive"),
    path(
        "o/<slug:organisation_slug>/newsletter/archive/<int:number>",
        views_public.archive_issue,
        name="archive_issue",
    ),
]
