"""Peer support URLs (see urls.py): peer supporters, their checks, supervision and the activities they help to run,
and the services directory."""

from django.urls import path

from coproduce.peers.views import directory, supporters

urlpatterns = [
    path("peer-support/supporters/", supporters.supporter_list, name="supporter_list"),
    path("peer-support/supporters/new", supporters.supporter_new, name="supporter_new"),
    path("peer-support/supporters/<uuid:supporter_id>/", supporters.supporter_detail, name="supporter_detail"),
    path("peer-support/supporters/<uuid:supporter_id>/edit", supporters.supporter_edit, name="supporter_edit"),
    path("peer-support/supporters/<uuid:supporter_id>/checks/new", supporters.check_add, name="check_add"),
    path("peer-support/checks/<uuid:check_id>/delete", supporters.check_delete, name="check_delete"),
    path(
        "peer-support/supporters/<uuid:supporter_id>/supervision/new",
        supporters.supervision_add,
        name="supervision_add",
    ),
    path(
        "peer-support/supporters/<uuid:supporter_id>/activities/new",
        supporters.activity_supporter_add,
        name="activity_supporter_add",
    ),
    path(
        "peer-support/activity-supporters/<uuid:activity_supporter_id>/delete",
        supporters.activity_supporter_delete,
        name="activity_supporter_delete",
    ),
    path("peer-support/services/", directory.service_list, name="service_list"),
    path("peer-support/services/new", directory.service_new, name="service_new"),
    path("peer-support/services/<uuid:service_id>/edit", directory.service_edit, name="service_edit"),
]
