"""People taking part in co-production, their households and their access needs. A person may never have an
account: most families don't. They manage their own information from a signed link (see `coproduce/consent`).

Audit lines about people name them only by an opaque reference (`audit_label`), never by name, so erasing a
person leaves nothing personal in the append-only audit log.
"""

from __future__ import annotations

import datetime as dt
import secrets

import phonenumbers
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import TenantModel, TenantQuerySet


def new_access_key() -> str:
    return secrets.token_urlsafe(24)


def age_on(date_of_birth: dt.date | None, on: dt.date) -> int | None:
    if date_of_birth is None:
        return None
    return on.year - date_of_birth.year - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))


class TakesPartAs(models.TextChoices):
    LIVED_EXPERIENCE = "lived_experience", _("With lived experience")
    REPRESENTATIVE = "representative", _("As a representative of a group or organisation")
    BOTH = "both", _("Both")


class HouseholdRole(models.TextChoices):
    PARENT = "parent", _("Parent")
    CARER = "carer", _("Carer")
    EXPECTANT_PARENT = "expectant_parent", _("Expectant parent")
    YOUNG_PERSON = "young_person", _("Young person")
    GRANDPARENT = "grandparent", _("Grandparent")
    OTHER = "other", _("Other family member")


def phone_forms(text: str) -> set[str]:
    """The ways a phone number typed into a search box may be stored: as typed, without spaces, and in national
    format ("07700 900123", how the product stores numbers)."""
    found = {text.strip(), text.replace(" ", "")}
    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException:
        return found
    if phonenumbers.is_possible_number(number):
        national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        found |= {national, national.replace(" ", "")}
    return found


class PersonQuerySet(TenantQuerySet):
    def search(self, text: str) -> PersonQuerySet:
        """People whose name, preferred name or email contains `text`, whose phone number matches it however it
        was spaced, or whose postcode starts with it."""
        text = text.strip()
        if not text:
            return self
        compact = text.replace(" ", "").upper()
        match = (
            Q(full_name__icontains=text)
            | Q(preferred_name__icontains=text)
            | Q(email__icontains=text)
            | Q(postcode_compact__startswith=compact)
        )
        if any(char.isdigit() for char in text):
            for form in sorted(phone_forms(text)):
                match |= Q(phone__icontains=form)
        return self.filter(match)

    def not_erased(self) -> PersonQuerySet:
        return self.filter(erased_at__isnull=True)


class Household(TenantModel):
    """A family: the people in it who take part (Person.household) and its children, with optional
    circumstances. Every circumstance is optional and recorded only with the family's agreement."""

    name = models.CharField(
        _("name for the household"),
        max_length=100,
        blank=True,
        help_text=_("How staff refer to the family, for example ‘Mensah family’."),
    )
    expected_due_date = models.DateField(
        _("expected due date"), null=True, blank=True, help_text=_("If someone in the family is expecting a baby.")
    )
    young_carer = models.BooleanField(_("a child or young person is a young carer"), default=False)
    care_experienced = models.BooleanField(_("someone in the family is care-experienced"), default=False)
    armed_forces = models.BooleanField(_("armed forces family"), default=False)
    home_educated = models.BooleanField(_("children are electively home educated"), default=False)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name or str(_("Household"))

    @property
    def audit_label(self) -> str:
        return f"Household {str(self.pk)[-8:]}"


class AgeBand(models.TextChoices):
    UNDER_2 = "0-1", _("Under 2")
    TWO_TO_4 = "2-4", _("2 to 4")
    FIVE_TO_10 = "5-10", _("5 to 10")
    ELEVEN_TO_15 = "11-15", _("11 to 15")
    SIXTEEN_TO_17 = "16-17", _("16 or 17")
    EIGHTEEN_TO_25 = "18-25", _("18 to 25")


def age_band_for(age: int) -> str:
    for band in AgeBand:
        low, high = (int(part) for part in band.value.split("-"))
        if low <= age <= high:
            return band.value
    return ""


class Child(TenantModel):
    """A child or young person in a household (who may not take part themselves)."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="children")
    first_name = models.CharField(_("first name"), max_length=60, blank=True, help_text=_("Optional."))
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    age_band = models.CharField(
        _("age"),
        max_length=5,
        choices=AgeBand.choices,
        blank=True,
        help_text=_("If you do not know their date of birth."),
    )
    has_send = models.BooleanField(_("has special educational needs or disabilities (SEND)"), default=False)
    send_details = models.CharField(_("about their needs"), max_length=200, blank=True)

    class Meta:
        ordering = ["date_of_birth", "created_at"]

    def __str__(self) -> str:
        return self.first_name or str(_("Child"))

    @property
    def audit_label(self) -> str:
        return f"Child {str(self.pk)[-8:]}"

    def current_age_band(self, on: dt.date | None = None) -> str:
        age = age_on(self.date_of_birth, on or timezone.localdate())
        return age_band_for(age) if age is not None else self.age_band

    def is_under(self, years: int, on: dt.date | None = None) -> bool | None:
        age = age_on(self.date_of_birth, on or timezone.localdate())
        if age is not None:
            return age < years
        if self.age_band:
            return int(self.age_band.split("-")[1]) < years
        return None


class Person(TenantModel):
    full_name = models.CharField(_("full name"), max_length=150)
    preferred_name = models.CharField(
        _("preferred name"), max_length=100, blank=True, help_text=_("What they like to be called.")
    )
    pronunciation = models.CharField(
        _("how to say their name"),
        max_length=100,
        blank=True,
        help_text=_("Ask respectfully if you are not sure, for example ‘SHIV-on’ for Siobhan."),
    )
    pronouns = models.CharField(
        _("pronouns"), max_length=40, blank=True, help_text=_("Optional, for example she/her, he/him, they/them.")
    )
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=20, blank=True)
    address = models.TextField(_("postal address"), blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    # Upper case without spaces, so "nb1 2ab" and "NB12AB" find the same person.
    postcode_compact = models.CharField(max_length=10, blank=True, editable=False)
    contact_by_email = models.BooleanField(_("Email"), default=False)
    contact_by_text = models.BooleanField(_("Text message"), default=False)
    contact_by_phone = models.BooleanField(_("Phone call"), default=False)
    contact_by_post = models.BooleanField(_("Post"), default=False)
    languages = models.CharField(
        _("languages spoken"),
        max_length=200,
        blank=True,
        help_text=_("Separate languages with commas, for example ‘English, Polish’."),
    )
    date_of_birth = models.DateField(
        _("date of birth"),
        null=True,
        blank=True,
        help_text=_("Only for children and young people, so we ask for consent in the right way."),
    )
    takes_part_as = models.CharField(_("takes part"), max_length=20, choices=TakesPartAs.choices, blank=True)
    hubs = models.ManyToManyField("organisations.Hub", blank=True, related_name="people", verbose_name=_("hubs used"))
    stakeholder_groups = models.ManyToManyField(
        "stakeholders.StakeholderGroup", blank=True, related_name="people", verbose_name=_("stakeholder groups")
    )
    household = models.ForeignKey(Household, null=True, blank=True, on_delete=models.SET_NULL, related_name="members")
    household_role = models.CharField(
        _("role in the household"), max_length=20, choices=HouseholdRole.choices, blank=True
    )
    # When the person last took part or updated their information: retention counts from here.
    last_active_at = models.DateTimeField(default=timezone.now)
    # Signs the person's own links (consent/self-service); replacing it cancels every link already sent.
    access_key = models.CharField(max_length=40, default=new_access_key, editable=False)
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["full_name", "id"]
        indexes = [
            # The people list: one organisation's people in name order, a page at a time.
            models.Index("organisation", Lower("full_name"), "id", name="person_org_name"),
            # Finding a person by postcode within an organisation.
            models.Index(fields=["organisation", "postcode_compact"], name="person_org_postcode"),
            # Retention: people inactive for longer than the organisation keeps them.
            models.Index(fields=["organisation", "last_active_at"], name="person_org_last_active"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def audit_label(self) -> str:
        """How audit lines name a person: an opaque reference, never their name (see the module docstring)."""
        return f"Person {self.reference}"

    @property
    def reference(self) -> str:
        return str(self.pk)[-8:].upper()

    @property
    def display_name(self) -> str:
        return self.preferred_name or self.full_name

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    def age(self, on: dt.date | None = None) -> int | None:
        return age_on(self.date_of_birth, on or timezone.localdate())

    @property
    def channels(self) -> list[str]:
        return [
            name
            for name, on in (
                ("email", self.contact_by_email),
                ("text", self.contact_by_text),
                ("phone", self.contact_by_phone),
                ("post", self.contact_by_post),
            )
            if on
        ]

    def save(self, *args, **kwargs) -> None:
        self.postcode_compact = self.postcode.replace(" ", "").upper()
        super().save(*args, **kwargs)


# (field name, label) for each access need, in the order forms and summaries show them. The engagement
# issue matches these against what a venue and an activity provide.
ACCESS_NEEDS: list[tuple[str, str]] = [
    ("childcare", _("Childcare (a crèche or someone to look after children)")),
    ("step_free", _("Step-free access")),
    ("accessible_toilet", _("An accessible toilet")),
    ("hearing_loop", _("A hearing loop")),
    ("bsl", _("A British Sign Language (BSL) interpreter")),
    ("interpreter", _("An interpreter for another language")),
    ("easy_read", _("Easy read information")),
    ("large_print", _("Large print")),
    ("quiet_space", _("A quiet space")),
    ("travel_costs", _("Help with travel costs")),
    ("online_only", _("Can only take part online")),
    ("device_or_data", _("A device or mobile data to join online")),
    ("rural_or_remote", _("Lives somewhere rural or remote")),
]

UNAVAILABLE_TIMES: list[tuple[str, str]] = [
    ("not_school_run", _("School run times")),
    ("not_working_hours", _("Working hours")),
    ("not_evenings", _("Evenings")),
    ("not_weekends", _("Weekends")),
]


class AccessNeeds(TenantModel):
    """What a person needs to take part, and times that do not work: recorded once, by or with the person, and
    reused for every activity."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="access_needs")
    childcare = models.BooleanField(_("Childcare"), default=False)
    step_free = models.BooleanField(_("Step-free access"), default=False)
    accessible_toilet = models.BooleanField(_("Accessible toilet"), default=False)
    hearing_loop = models.BooleanField(_("Hearing loop"), default=False)
    bsl = models.BooleanField(_("British Sign Language (BSL) interpreter"), default=False)
    interpreter = models.BooleanField(_("Interpreter"), default=False)
    interpreter_language = models.CharField(_("language for the interpreter"), max_length=60, blank=True)
    easy_read = models.BooleanField(_("Easy read"), default=False)
    large_print = models.BooleanField(_("Large print"), default=False)
    quiet_space = models.BooleanField(_("Quiet space"), default=False)
    travel_costs = models.BooleanField(_("Help with travel costs"), default=False)
    online_only = models.BooleanField(_("Online only"), default=False)
    device_or_data = models.BooleanField(_("Needs a device or data"), default=False)
    rural_or_remote = models.BooleanField(_("Rural or remote"), default=False)
    not_school_run = models.BooleanField(_("Not at school run times"), default=False)
    not_working_hours = models.BooleanField(_("Not in working hours"), default=False)
    not_evenings = models.BooleanField(_("Not in the evening"), default=False)
    not_weekends = models.BooleanField(_("Not at weekends"), default=False)
    other_needs = models.TextField(_("anything else that would help"), blank=True)
    # Set when the person themselves last confirmed these (from their link), rather than staff.
    confirmed_by_person_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "access needs"

    def __str__(self) -> str:
        return f"Access needs of {self.person.audit_label}"

    @property
    def audit_label(self) -> str:
        return f"Access needs of {self.person.audit_label}"

    def needs(self) -> list[str]:
        """The codes of the needs ticked (see ACCESS_NEEDS)."""
        return [code for code, _label in ACCESS_NEEDS if getattr(self, code)]

    def unavailable(self) -> list[str]:
        return [code for code, _label in UNAVAILABLE_TIMES if getattr(self, code)]


class PersonImport(TenantModel):
    """An uploaded spreadsheet of people, held between upload, column mapping, checking and import (then
    emptied). Nothing is written to people until every row is valid. Files of more than
    PEOPLE_IMPORT_INLINE_ROWS rows are imported by the background worker (coproduce/people/tasks.py)."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded")
        IMPORTING = "importing", _("Importing")
        IMPORTED = "imported", _("Imported")
        CANCELLED = "cancelled", _("Cancelled")

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(max_length=200)
    content = models.BinaryField()
    mapping = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.UPLOADED)
    row_count = models.PositiveIntegerField(default=0)
    imported_count = models.PositiveIntegerField(default=0)
    # Large files are imported by the worker: who confirmed it, whether matching rows are skipped, and why the
    # last attempt failed (the file then waits, unchanged, to be tried again).
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    skip_duplicates = models.BooleanField(default=True)
    failure = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename
