"""Demo data and the GOV.UK form renderer."""

from __future__ import annotations

import pytest
from django import forms
from django.core.management import CommandError, call_command

from coproduce.accounts.models import User
from coproduce.core import demo
from coproduce.core.templatetags.govuk import govuk_error_summary
from coproduce.organisations.models import Hub, Membership, Organisation, Role
from coproduce.people.models import Person


def test_seed_small_makes_a_believable_organisation_once(db, settings) -> None:
    settings.DEBUG = True
    call_command("seed_demo", "--scale", "small", "--people", "40")
    northby = Organisation.objects.get(slug=demo.DEMO_SLUG)
    assert Hub.objects.for_organisation(northby).count() == len(demo.DEMO_HUBS)
    assert set(Membership.objects.for_organisation(northby).values_list("role", flat=True)) == set(Role.values)
    # 40 people, plus a child and a young person who show how consent works for under-18s, a walk-in who came to
    # an activity's register, and peer support's 8 supporters and the 7 families they were referred or support.
    assert Person.objects.for_organisation(northby).count() == 58
    assert User.objects.get(email=demo.PLATFORM_ADMIN_EMAIL).is_superuser
    # Everything is obviously fictional.
    assert not Person.objects.exclude(email="").exclude(email__regex=r"@example\.(org|com)$").exists()
    assert not Person.objects.exclude(phone="").exclude(phone__startswith="07700 900").exists()
    # Idempotent.
    call_command("seed_demo", "--scale", "small")
    assert Organisation.objects.filter(slug=demo.DEMO_SLUG).count() == 1
    assert Person.objects.for_organisation(northby).count() == 58


def test_seed_large_uses_bulk_inserts(db, settings, django_assert_max_num_queries) -> None:
    settings.DEBUG = True
    demo.seed_small(people=10)
    northby = Organisation.objects.get(slug=demo.DEMO_SLUG)
    # 2,000 more people in 2 batches: a handful of queries, not thousands.
    with django_assert_max_num_queries(30):
        demo._bulk_people(northby, list(northby.hubs.all()), 2000, seed=1, start=10, batch_size=1000)
    assert Person.objects.for_organisation(northby).count() == 2028


def test_bulk_projects_come_with_stages_and_stakeholders(db, settings, django_assert_max_num_queries) -> None:
    from coproduce.projects.models import Project, Stage

    settings.DEBUG = True
    demo.seed_small(people=10)
    northby = Organisation.objects.get(slug=demo.DEMO_SLUG)
    before = Project.objects.for_organisation(northby).count()
    with django_assert_max_num_queries(40):
        demo._bulk_projects(northby, 1500, seed=7)
    assert Project.objects.for_organisation(northby).count() == before + 1500
    assert Stage.objects.for_organisation(northby).filter(project__title__endswith="7-0").count() == 5


def test_seed_demo_refuses_in_production(db, settings, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.DEBUG = False
    monkeypatch.delenv("DEMO_DATA_ALLOWED", raising=False)
    with pytest.raises(CommandError, match="well-known passwords"):
        call_command("seed_demo")
    assert not Organisation.objects.exists()


class ExampleForm(forms.Form):
    name = forms.CharField(label="Name", help_text="Your full name")
    colour = forms.ChoiceField(label="Colour", choices=[("r", "Red"), ("b", "Blue")], widget=forms.RadioSelect)
    agree = forms.BooleanField(label="I agree")

    def clean(self) -> dict:
        raise forms.ValidationError("Something about the whole form")


def test_fields_render_as_govuk_components() -> None:
    html = ExampleForm({"name": "", "colour": ""}).as_div()
    assert '<label class="govuk-label govuk-label--s" for="id_name">Name</label>' in html
    assert '<div id="id_name-hint" class="govuk-hint">Your full name</div>' in html
    assert 'class="govuk-input govuk-input--error"' in html
    assert 'aria-describedby="id_name-hint id_name-error"' in html
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Colour</legend>' in html
    assert 'class="govuk-radios__input" id="id_colour_0"' in html
    assert 'class="govuk-checkboxes__input' in html
    assert html.count("govuk-error-message") == 3


def test_error_summary_links_every_error_to_its_field() -> None:
    form = ExampleForm({"name": "", "colour": ""})
    form.is_valid()
    items = govuk_error_summary(form)["error_items"]
    hrefs = [item["href"] for item in items]
    assert hrefs == ["#id_name", "#id_name", "#id_colour_0", "#id_agree"]
    assert items[0]["text"] == "Something about the whole form"


def test_unbound_forms_have_no_summary() -> None:
    assert govuk_error_summary(ExampleForm(), None)["error_items"] == []
