from django.urls import path

from coproduce.commitments import views

app_name = "commitments"

urlpatterns = [
    path("commitment/", views.deliverables, name="deliverables"),
    path("commitment/definition/", views.definition, name="definition"),
    path("commitment/definition/new", views.definition_new, name="definition_new"),
    path("commitment/definition/<uuid:version_id>/", views.version_detail, name="version_detail"),
    path("commitment/definition/<uuid:version_id>/edit", views.version_edit, name="version_edit"),
    path(
        "commitment/definition/<uuid:version_id>/paragraphs/<int:paragraph_number>/comment",
        views.paragraph_comment,
        name="paragraph_comment",
    ),
    path("commitment/definition/<uuid:version_id>/adopt", views.version_adopt, name="version_adopt"),
    path(
        "commitment/definition/<uuid:version_id>/communications/new",
        views.communication_add,
        name="communication_add",
    ),
    path("commitment/statement/", views.commitment, name="commitment"),
    path("commitment/statement/edit", views.commitment_edit, name="commitment_edit"),
    path("commitment/statement/sign", views.commitment_sign, name="commitment_sign"),
    path("commitment/statement/signatures/partner", views.signature_partner, name="signature_partner"),
    path("commitment/statement/signatures/person", views.signature_person, name="signature_person"),
    path(
        "commitment/statement/signatures/<uuid:signature_id>/withdraw",
        views.signature_withdraw,
        name="signature_withdraw",
    ),
    path("commitment/strategies/", views.strategy_list, name="strategy_list"),
    path("commitment/strategies/new", views.strategy_create, name="strategy_create"),
    path("commitment/strategies/<uuid:strategy_id>/", views.strategy_detail, name="strategy_detail"),
    path("commitment/strategies/<uuid:strategy_id>/edit", views.strategy_edit, name="strategy_edit"),
    path("commitment/strategies/<uuid:strategy_id>/refresh", views.strategy_refresh, name="strategy_refresh"),
    # Public: no sign-in.
    path("o/<slug:organisation_slug>/co-production", views.public_page, name="public"),
]
