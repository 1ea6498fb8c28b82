"""The five deliverables: the pure rules from facts to status and sentence (no database), then the page worked
out from real records in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from coproduce.commitments import services
from coproduce.commitments.deliverables import (
    CommitmentFacts,
    DefinitionFacts,
    Status,
    StrategyRow,
    commitment_progress,
    definition_progress,
    leads_progress,
    organisation_deliverables,
    strategies_progress,
    strategy_facts,
    sustaining_facts,
    sustaining_progress,
)
from coproduce.organisations.models import Membership, Role
from coproduce.stakeholders.models import Partner, StakeholderGroup
from tests.cast import client_for, make_member

TODAY = dt.date(2027, 3, 10)


class TestPureRules:
    def test_commitment(self) -> None:
        assert commitment_progress(CommitmentFacts(False, 0, 0, 0)).status == Status.NOT_STARTED
        assert commitment_progress(CommitmentFacts(True, 0, 0, 0)).sentence == (
            "Commitment written, but nobody has signed it yet."
        )
        only_people = commitment_progress(CommitmentFacts(True, 3, 0, 1))
        assert only_people.status == Status.IN_PROGRESS
        done = commitment_progress(CommitmentFacts(True, 14, 5, 9))
        assert done.status == Status.IN_PLACE
        assert done.sentence == "Commitment signed by 14 people and 5 partner organisations (9 shown publicly)."
        assert commitment_progress(CommitmentFacts(True, 1, 1, 0)).sentence == (
            "Commitment signed by 1 person and 1 partner organisation (0 shown publicly)."
        )

    def test_definition(self) -> None:
        assert definition_progress(DefinitionFacts(None, None, None, 0, 8, 0)).status == Status.NOT_STARTED
        drafting = definition_progress(DefinitionFacts(None, None, 1, 2, 8, 0))
        assert (drafting.status, drafting.sentence) == (
            Status.IN_PROGRESS,
            "Version 1 is being drafted, with 2 comments so far.",
        )
        partly = definition_progress(DefinitionFacts(1, dt.date(2027, 3, 3), None, 0, 8, 6))
        assert (partly.status, partly.sentence) == (
            Status.IN_PROGRESS,
            "Definition adopted 3 March 2027, communicated to 6 of 8 stakeholder groups.",
        )
        done = definition_progress(DefinitionFacts(1, dt.date(2027, 3, 3), 2, 1, 8, 8))
        assert done.status == Status.IN_PLACE
        assert done.sentence.endswith("Version 2 is being drafted, with 1 comment so far.")

    def test_strategies(self) -> None:
        def row(area, status="in_place", timed=True, sustaining=False, due=None):
            return StrategyRow(area, status, timed, sustaining, due)

        assert strategies_progress(strategy_facts([])).status == Status.NOT_STARTED
        rows = [row("planning"), row("planning", "planned"), row("training", timed=False)]
        progress = strategies_progress(strategy_facts(rows))
        assert progress.status == Status.IN_PROGRESS  # one has no time frame
        assert progress.sentence == "3 strategies across 2 hub processes, 2 in place; time frames set for 2."
        assert strategies_progress(strategy_facts(rows[:2])).status == Status.IN_PLACE
        assert strategies_progress(strategy_facts([row("planning", "planned")])).status == Status.IN_PROGRESS

    def test_sustaining(self) -> None:
        def row(due, status="in_place"):
            return StrategyRow("governance", status, True, True, due)

        assert sustaining_progress(sustaining_facts([], TODAY)).status == Status.NOT_STARTED
        rows = [row(TODAY - dt.timedelta(days=1)), row(TODAY + dt.timedelta(days=30)), row(None), row(TODAY)]
        facts = sustaining_facts([*rows, StrategyRow("planning", "in_place", True, False, None)], TODAY)
        assert (facts.total, facts.overdue, facts.next_due) == (4, 2, TODAY + dt.timedelta(days=30))
        progress = sustaining_progress(facts)
        assert (progress.status, progress.sentence) == (
            Status.IN_PROGRESS,
            "4 sustaining strategies, 2 refreshes overdue.",
        )
        fine = sustaining_progress(sustaining_facts([row(dt.date(2027, 5, 3))], TODAY))
        assert (fine.status, fine.sentence) == (
            Status.IN_PLACE,
            "1 sustaining strategy, none overdue; next refresh due 3 May 2027.",
        )
        assert sustaining_progress(sustaining_facts([row(None, "planned")], TODAY)).status == Status.IN_PROGRESS

    def test_leads(self) -> None:
        assert leads_progress([]).status == Status.NOT_STARTED
        progress = leads_progress(["Priya Shah", "Tom Gallagher"])
        assert (progress.status, progress.sentence) == (
            Status.IN_PLACE,
            "2 co-production leads: Priya Shah, Tom Gallagher.",
        )


class TestFromRecords:
    def test_a_new_organisation_has_not_started(self, seeded) -> None:
        rows = organisation_deliverables(seeded, today=TODAY)
        assert [r.progress.status for r in rows] == [Status.NOT_STARTED] * 5

    def test_everything_in_place(self, seeded, lead, colleague, today) -> None:
        version = services.definition_version_start(actor=lead, organisation=seeded, text="We listen.")
        version = services.definition_adopt(actor=lead, version=version, adopted_on=today)
        groups = list(StakeholderGroup.objects.for_organisation(seeded).top_level())
        services.definition_communication_record(
            actor=lead, version=version, groups=groups, communicated_on=today, method="meeting"
        )
        services.commitment_save(actor=lead, organisation=seeded, text="We commit.")
        services.commitment_sign(actor=colleague, membership=Membership.objects.get(user=colleague), show_publicly=True)
        partner = Partner.objects.create(organisation=seeded, name="Forum", kind="parent_carer_forum")
        withdrawn = services.signature_record_partner(actor=lead, organisation=seeded, partner=partner, signed_on=today)
        services.signature_withdraw(actor=lead, signature=withdrawn)
        services.signature_record_partner(actor=lead, organisation=seeded, partner=partner, signed_on=today)
        services.strategy_save(
            actor=lead,
            organisation=seeded,
            title="Panel",
            area="governance",
            status="in_place",
            start_date=today,
            end_date=today + dt.timedelta(days=700),
            is_sustaining=True,
            refresh_every_months=12,
        )
        rows = {r.number: r for r in organisation_deliverables(seeded, today=today)}
        assert [rows[n].progress.status for n in range(1, 6)] == [Status.IN_PLACE] * 5
        assert rows[1].progress.sentence == (
            "Commitment signed by 1 person and 1 partner organisation (1 shown publicly)."
        )
        assert "communicated to 8 of 8 stakeholder groups" in rows[2].progress.sentence
        assert rows[5].progress.sentence == "1 co-production lead: Priya Lead."

    def test_stopped_strategies_do_not_count(self, seeded, lead, today) -> None:
        services.strategy_save(
            actor=lead,
            organisation=seeded,
            title="Old",
            area="planning",
            status="stopped",
            is_sustaining=True,
            refresh_every_months=1,
            start_date=today - dt.timedelta(days=400),
        )
        rows = {r.number: r for r in organisation_deliverables(seeded, today=today)}
        assert rows[3].progress.status == rows[4].progress.status == Status.NOT_STARTED


class TestPage:
    def test_the_page_shows_each_deliverable_with_its_status(self, lead_client, seeded, lead) -> None:
        services.commitment_save(actor=lead, organisation=seeded, text="We commit.")
        html = lead_client.get(reverse("commitments:deliverables")).content.decode()
        for title in (
            "1. Commitment",
            "2. Shared definition of co-production",
            "3. Strategies across hub processes",
            "4. Sustaining co-production",
            "5. Co-production lead",
        ):
            assert title in html
        assert "Commitment written, but nobody has signed it yet." in html
        assert "1 co-production lead: Priya Lead." in html
        assert "In place" in html and "In progress" in html and "Not started" in html

    def test_only_those_who_manage_members_get_the_members_link(self, seeded, colleague, admin_client_) -> None:
        members = reverse("organisations:member_list")
        assert members in admin_client_.get(reverse("commitments:deliverables")).content.decode()
        assert members not in client_for(colleague).get(reverse("commitments:deliverables")).content.decode()

    def test_the_navigation_links_to_the_page(self, colleague_client, seeded) -> None:
        html = colleague_client.get(reverse("core:home")).content.decode()
        assert f'href="{reverse("commitments:deliverables")}"' in html

    @pytest.mark.parametrize("scale", [1, 20])
    def test_the_page_needs_a_fixed_number_of_queries(
        self, lead_client, lead, seeded, today, scale, django_assert_max_num_queries
    ) -> None:
        version = services.definition_version_start(actor=lead, organisation=seeded, text="One.\n\nTwo.")
        for i in range(scale):
            services.definition_comment_add(actor=lead, version=version, paragraph_number=1, text=f"c{i}")
        services.commitment_save(actor=lead, organisation=seeded, text="We commit.")
        for i in range(scale):
            services.signature_record_person(actor=lead, organisation=seeded, name=f"P{i}", signed_on=today)
            member = make_member(seeded, f"lead{i}@example.org", Role.LEAD)
            services.strategy_save(
                actor=lead,
                organisation=seeded,
                title=f"S{i}",
                area="training",
                status="in_place",
                owner=Membership.objects.get(user=member),
                is_sustaining=i % 2 == 0,
                refresh_every_months=3,
                start_date=today,
            )
        with django_assert_max_num_queries(11):
            assert lead_client.get(reverse("commitments:deliverables")).status_code == 200
