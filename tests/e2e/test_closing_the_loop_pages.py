"""The remaining staff pages of decisions, publishing and the newsletter pass the page checks (axe, one <h1>, no
console errors), each opened as the co-production lead who uses them. The journeys through them are tested in
test_decisions.py, test_publishing.py and test_newsletter.py."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.e2e.conftest import check_page, sign_in

pytestmark = pytest.mark.e2e


def _paths(organisation) -> list[str]:
    from django.urls import reverse

    from coproduce.decisions.models import Decision
    from coproduce.newsletter.models import Block, BlockKind, Issue
    from coproduce.publishing.models import Offer, Win

    decision = Decision.objects.for_organisation(organisation).first()
    offer = Offer.objects.for_organisation(organisation).first()
    win = Win.objects.for_organisation(organisation).first()
    issue = Issue.objects.create(organisation=organisation, subject="Winter news", intro="Hello everyone.")
    block = Block.objects.create(organisation=organisation, issue=issue, order=1, kind=BlockKind.TEXT, text="News")
    return [
        reverse("decisions:project_decision_list", args=[decision.project_id]),
        reverse("decisions:decision_edit", args=[decision.pk]),
        reverse("publishing:win_edit", args=[win.pk]),
        reverse("publishing:offer_create"),
        reverse("publishing:offer_edit", args=[offer.pk]),
        reverse("publishing:offer_version_create", args=[offer.pk]),
        reverse("newsletter:issue_edit", args=[issue.pk]),
        reverse("newsletter:block_edit", args=[issue.pk, block.pk]),
        reverse("newsletter:issue_detail", args=[issue.pk]),
    ]


def test_the_other_staff_pages_pass_the_checks(page: Page, demo) -> None:
    paths = _paths(demo)
    sign_in(page, "priya.shah@example.org", check=False)
    for path in paths:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        check_page(page)
