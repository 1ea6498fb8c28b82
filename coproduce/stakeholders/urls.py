from django.urls import path

from coproduce.stakeholders import views

app_name = "stakeholders"

urlpatterns = [
    path("stakeholder-groups/", views.group_list, name="group_list"),
    path("partners/", views.partner_list, name="partner_list"),
    path("partners/new", views.partner_edit, name="partner_create"),
    path("partners/<uuid:partner_id>/", views.partner_edit, name="partner_edit"),
]
