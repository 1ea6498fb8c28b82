from django.urls import path

from coproduce.consent import views, views_self_service

app_name = "consent"

urlpatterns = [
    path("people/<uuid:person_id>/consents", views.person_consents, name="person_consents"),
    path("people/<uuid:person_id>/consents/new", views.consent_record, name="consent_record"),
    path(
        "people/<uuid:person_id>/consents/<uuid:consent_id>/withdraw", views.consent_withdraw, name="consent_withdraw"
    ),
    path("people/<uuid:person_id>/send-link", views.send_link, name="send_link"),
    path("people/<uuid:person_id>/cancel-links", views.cancel_links, name="cancel_links"),
    path("people/<uuid:person_id>/share", views.person_share, name="person_share"),
    path("privacy-notices/", views.notice_list, name="notice_list"),
    path("privacy-notices/new", views.notice_create, name="notice_create"),
    path("data-sharing/", views.agreement_list, name="agreement_list"),
    path("data-sharing/new", views.agreement_edit, name="agreement_create"),
    path("data-sharing/<uuid:agreement_id>/", views.agreement_edit, name="agreement_edit"),
    # A person's own pages: no account, opened from the signed link in every message.
    path("o/<slug:organisation_slug>/my-information", views_self_service.request_link, name="request_link"),
    path("my/<str:link>/", views_self_service.my_information, name="my_information"),
    path("my/<str:link>/details", views_self_service.my_details, name="my_details"),
    path("my/<str:link>/needs", views_self_service.my_needs, name="my_needs"),
    path("my/<str:link>/consents", views_self_service.my_consents, name="my_consents"),
]
