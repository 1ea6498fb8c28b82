"""You said, we did, and its feeds: every promise with its status (kept and broken alike, overdue shown), what
families said only as their consent allows, decisions with people named only with consent, a constant number of
queries however many promises, and valid Atom and JSON feeds under the same rules."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coproduce.consent import services as consent_services
from coproduce.consent.models import Consent, Purpose
from coproduce.public.tests.conftest import make_promise, person, said

ATOM = "{http://www.w3.org/2005/Atom}"


def url(name: str = "you_said", slug: str = "northby") -> str:
    return reverse(f"public:{name}", kwargs={"organisation_slug": slug})


def page(query: str = "") -> str:
    response = Client().get(url() + query)
    assert response.status_code == 200
    return response.content.decode()


def without_person(org, project) -> list:
    """Contributions with nobody to ask: a comment card, a sticky note, a staff note, a story, and a story told
    by someone who agreed to be quoted by name."""
    return [
        said(org, project, "A card: fix the ramp", kind="quote"),
        said(org, project, "An idea on a sticky note", kind="idea"),
        said(org, project, "Staff note: the family seemed worried", kind="note"),
        said(org, project, "A story with no person", kind="story", content_note="illness"),
    ]


class TestPromises:
    def test_it_shows_kept_and_broken_promises_with_status_and_explanation(self, promises) -> None:
        html = page()
        assert "We will move the group to 10:30" in html and "Kept" in html
        assert "We will run a bus to the hub" in html and "Not possible" in html
        assert "The council could not fund a bus." in html
        assert "We will open on Saturdays" in html and "Overdue" in html

    def test_it_groups_by_project(self, promises) -> None:
        html = page()
        assert html.index("Infant feeding") < html.index("We will move the group") < html.index("Across all our work")
        assert html.index("Across all our work") < html.index("We will run a bus")

    def test_the_summary_gives_the_share_kept_on_time(self, promises) -> None:
        # Kept on time (1), overdue (open, past due: 1), not possible (1): 1 of 3 so far.
        assert "1 of our 3 promises with a due date so far were kept on time (33%)." in page()

    def test_families_words_only_with_consent_and_names_only_by_name(self, promises) -> None:
        html = page()
        assert "9:30 clashes with the school run" in html and "Zainab Okafor" in html
        assert "Later please, mornings are hard" in html and "Siobhan Walsh" not in html
        assert "My private worry about my son" not in html and "Harriet Private" not in html
        assert "Written on a card at the hub" in html  # no person: nobody to name

    def test_an_anonymous_contribution_is_never_named(self, org, admin, project, named, promises) -> None:
        make_promise(
            org,
            admin,
            project,
            text="We will fix the ramp",
            contributions=[said(org, project, "The ramp is broken", named, is_anonymous=True)],
        )
        html = page()
        assert "The ramp is broken" in html
        assert html.count("Zainab Okafor") == 2  # her quote and her presence at the decision, not this one

    def test_words_with_no_person_are_quoted_only_when_families_wrote_them_to_be_read(
        self, org, admin, project, promises
    ) -> None:
        make_promise(org, admin, project, text="We will fix the ramp", contributions=without_person(org, project))
        html = page()
        assert "A card: fix the ramp" in html and "An idea on a sticky note" in html
        assert "Staff note: the family seemed worried" not in html
        assert "A story with no person" not in html

    def test_a_story_is_never_quoted_even_with_consent(self, org, admin, project, named, promises) -> None:
        story = said(org, project, "What happened to us that winter", named, kind="story", content_note="loss")
        make_promise(org, admin, project, text="We will fix the ramp", contributions=[story])
        assert "What happened to us that winter" not in page()

    def test_a_staff_note_about_someone_who_agreed_is_never_quoted(self, org, admin, project, named) -> None:
        note = said(org, project, "Staff note: she said the bus is too dear", named, kind="note")
        make_promise(org, admin, project, text="We will pay bus fares", contributions=[note])
        assert "she said the bus is too dear" not in page()

    def test_a_withdrawn_consent_hides_the_words_at_once(self, admin, named, promises) -> None:
        consent = Consent.objects.get(person=named, purpose=Purpose.QUOTE_BY_NAME)
        consent_services.consent_withdraw(consent=consent, actor=admin, via="staff")
        html = page()
        assert "9:30 clashes with the school run" not in html and "Zainab Okafor" not in html

    def test_decisions_name_only_people_who_agreed(self, promises) -> None:
        html = page()
        assert "Move the feeding group" in html and "The group starts at 10:30 from September" in html
        assert "Service-initiated, shared decisions with families" in html
        assert "Zainab Okafor and 2 other parents and carers" in html

    def test_overdue_and_status_filters(self, promises) -> None:
        overdue = page("?status=overdue")
        assert "We will open on Saturdays" in overdue and "We will run a bus" not in overdue
        kept = page("?status=kept")
        assert "We will move the group to 10:30" in kept and "We will open on Saturdays" not in kept
        assert "We will run a bus" in page("?status=nonsense")  # an unknown filter shows everything

    def test_translated_text_carries_its_language_and_direction(self, site, promises) -> None:
        html = page("?lang=ar")
        assert 'lang="ar" dir="rtl">سننقل المجموعة</h3>' in html
        assert "You said, we did" in html  # interface strings stay in English

    def test_another_organisations_promises_are_absent(self, other_org, stranger, promises) -> None:
        make_promise(other_org, stranger, text="We will do a Southby thing")
        assert "Southby thing" not in page()
        assert "We will move the group" not in Client().get(url(slug="southby")).content.decode()

    def test_it_links_to_its_feeds(self, promises) -> None:
        html = page()
        atom = url("you_said_atom")
        assert f'type="application/atom+xml" title="You said, we did (Atom feed)" href="{atom}">' in html
        assert (
            f'type="application/feed+json" title="You said, we did (JSON feed)" href="{url("you_said_json")}">' in html
        )

    def test_it_is_paginated(self, org, admin) -> None:
        for i in range(30):
            make_promise(org, admin, text=f"Promise number {i:02d}")
        first, second = page(), page("?page=2")
        assert "Promise number 00" in first and "Promise number 29" not in first
        assert "Promise number 29" in second and "Page</span>2 of 2" in second.replace(" </span>", "</span>")


def _many(org, admin, project, count: int) -> None:
    for i in range(count):
        quoted = person(org, f"Parent {i}", Purpose.QUOTE_BY_NAME, actor=admin)
        make_promise(
            org,
            admin,
            project,
            text=f"We will do thing {i}",
            contributions=[said(org, project, f"Idea {i}", quoted), said(org, project, f"Card {i}")],
        )


@pytest.mark.parametrize("name", ["you_said", "you_said_json", "you_said_atom"])
def test_the_queries_do_not_grow_with_the_promises(
    name, org, site, admin, project, promises, django_assert_num_queries
) -> None:
    _many(org, admin, project, 2)
    client = Client()
    with CaptureQueriesContext(connection) as few:
        assert client.get(url(name)).status_code == 200
    assert len(few) <= 9
    _many(org, admin, project, 45)
    with django_assert_num_queries(len(few)):
        assert client.get(url(name)).status_code == 200


class TestFeeds:
    def test_the_atom_feed_is_valid_and_private_words_are_absent(self, promises) -> None:
        response = Client().get(url("you_said_atom"))
        assert response["Content-Type"].startswith("application/atom+xml")
        assert "public" in response["Cache-Control"]
        root = ET.fromstring(response.content)  # noqa: S314 - our own feed, made in this test
        assert root.tag == f"{ATOM}feed"
        assert root.find(f"{ATOM}title").text == "Northby Family Hubs: You said, we did"
        titles = {entry.find(f"{ATOM}title").text for entry in root.findall(f"{ATOM}entry")}
        assert titles == {
            "We will move the group to 10:30",
            "We will open on Saturdays",
            "We will run a bus to the hub",
        }
        text = response.content.decode()
        assert "9:30 clashes with the school run" in text and "Zainab Okafor" in text
        assert "My private worry" not in text and "Harriet Private" not in text and "Siobhan Walsh" not in text
        for entry in root.findall(f"{ATOM}entry"):
            assert entry.find(f"{ATOM}id").text.startswith("urn:uuid:")
            assert entry.find(f"{ATOM}updated") is not None

    def test_the_json_feed_follows_json_feed_1_1(self, promises) -> None:
        response = Client().get(url("you_said_json"))
        assert response["Content-Type"].startswith("application/feed+json")
        feed = json.loads(response.content)
        assert feed["version"] == "https://jsonfeed.org/version/1.1"
        assert {"title", "home_page_url", "feed_url", "items"} <= feed.keys()
        items = {item["title"]: item for item in feed["items"]}
        kept = items["We will move the group to 10:30"]
        assert {"id", "url", "content_text", "date_modified", "_promise"} <= kept.keys()
        assert kept["_promise"]["status"] == "kept"
        assert {"text": "9:30 clashes with the school run", "name": "Zainab Okafor"} in kept["_promise"]["you_said"]
        assert {"text": "Later please, mornings are hard", "name": None} in kept["_promise"]["you_said"]
        assert all("private worry" not in quote["text"] for quote in kept["_promise"]["you_said"])
        assert kept["_promise"]["decisions"][0]["people_present"] == "Zainab Okafor and 2 other parents and carers"
        assert items["We will open on Saturdays"]["_promise"]["overdue"] is True
        assert "Harriet Private" not in response.content.decode()

    @pytest.mark.parametrize("feed", ["you_said_atom", "you_said_json"])
    def test_the_feeds_leave_out_staff_notes_and_stories(self, org, admin, project, named, promises, feed) -> None:
        contributions = [
            *without_person(org, project),
            said(org, project, "What happened to us that winter", named, kind="story", content_note="loss"),
        ]
        make_promise(org, admin, project, text="We will fix the ramp", contributions=contributions)
        text = Client().get(url(feed)).content.decode()
        assert "A card: fix the ramp" in text and "An idea on a sticky note" in text
        assert "Staff note" not in text and "A story with no person" not in text
        assert "What happened to us that winter" not in text

    def test_the_feeds_can_be_read_in_another_language(self, site, promises) -> None:
        feed = json.loads(Client().get(url("you_said_json") + "?lang=ar").content)
        assert feed["language"] == "ar"
        assert "سننقل المجموعة" in {item["title"] for item in feed["items"]}

    def test_each_item_links_to_the_page_its_promise_is_on(self, org, admin, project) -> None:
        # 30 promises, 25 a page: five of them are on page 2, whatever order the feeds list them in.
        for i in range(15):
            make_promise(org, admin, text=f"No project {i:02d}")
            make_promise(org, admin, project, text=f"Feeding {i:02d}")
        feed = json.loads(Client().get(url("you_said_json")).content)
        atom = ET.fromstring(Client().get(url("you_said_atom")).content)  # noqa: S314 - our own feed
        links = [item["url"] for item in feed["items"]]
        links += [entry.find(f"{ATOM}link").get("href") for entry in atom.findall(f"{ATOM}entry")]
        assert len(links) == 60 and any("?page=2#" in link for link in links)
        pages: dict[str, str] = {}
        for link in links:
            address, anchor = link.removeprefix("http://testserver").split("#")
            if address not in pages:
                pages[address] = page(address.removeprefix(url()))
            assert f'id="{anchor}"' in pages[address], link

    def test_unknown_organisation_feeds_are_404(self, db) -> None:
        assert Client().get(url("you_said_json", "nowhere")).status_code == 404
        assert Client().get(url("you_said_atom", "nowhere")).status_code == 404
