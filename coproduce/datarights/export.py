"""Subject access: everything held about a person, as plain data for the JSON download and the readable page.

The export walks the relations of `Person` (its own fields, many-to-many fields and every model that points at
it), so a model added later is included without anyone remembering to. A model that must not be released as it
is goes in EXCLUDED with the reason; `tests/test_export.py` fails if a model points at Person and is neither.
The number of queries does not depend on how many records the person has.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.core.models import AuditEvent
from coproduce.people.models import Person

# Models that point at Person but are not released in the export, with the reason (shown in the export).
EXCLUDED: dict[str, str] = {
    "safeguarding.SafeguardingConcern": gettext_lazy(
        "Safeguarding records are not included here. The designated safeguarding lead reviews them separately "
        "before anything is released, because exemptions may apply (for example where releasing them could put "
        "someone at risk of serious harm)."
    ),
}

# Fields never shown: secrets and values derived from other fields.
HIDDEN_FIELDS: dict[str, set[str]] = {
    "people.Person": {"access_key", "postcode_compact", "household"},
    "comms.ShortLink": {"path"},  # the signed link it leads to: a key, not information about the person
    # What a supporter discussed in supervision is mostly about the families they support (other people): the
    # export gives the dates; the notes are reviewed by hand if the supporter asks for them.
    "peers.Supervision": {"notes"},
}

# Clearer titles than the models' plural names, and the order sections appear in.
TITLES: dict[str, Any] = {
    "people.Person": gettext_lazy("About you"),
    "people.AccessNeeds": gettext_lazy("Access needs and times that do not work"),
    "consent.Consent": gettext_lazy("Consents"),
    "equality.EqualityProfile": gettext_lazy("Equality monitoring answers"),
    "equality.EqualitySnapshot": gettext_lazy("Equality monitoring answers kept from each time you took part"),
    "insights.Involvement": gettext_lazy("Each time you took part"),
    "projects.ProjectStakeholder": gettext_lazy("Co-production projects you were involved in"),
    "consent.DataShare": gettext_lazy("Times your details were shared with partner organisations"),
    "datarights.DataRightsRequest": gettext_lazy("Requests about your information"),
    "comms.Message": gettext_lazy("Emails and text messages we sent you"),
    "comms.ContactProblem": gettext_lazy("Addresses or numbers our messages could not reach"),
    "comms.ShortLink": gettext_lazy("Short links in text messages we sent you"),
    "engagement.Invitation": gettext_lazy("Activities you were invited to, and your replies"),
    "engagement.PollAnswer": gettext_lazy("Your answers to 'When suits you?' polls"),
    "engagement.Attendance": gettext_lazy("Activities you came to"),
    "engagement.CalendarFeed": gettext_lazy("Your calendar feed"),
    "payments.PaymentLine": gettext_lazy("Payments and expenses"),
    "contributions.Contribution": gettext_lazy("What you said or made"),
    "decisions.Decision": gettext_lazy("Decisions made while you were there"),
    "publishing.Win": gettext_lazy("Wins with a photo you are in"),
    "peers.Referral": gettext_lazy("Referrals for peer support"),
    "peers.SupportEpisode": gettext_lazy("Peer support you had"),
    "peers.SupportGoal": gettext_lazy("Your goals in peer support"),
    "peers.SupportSession": gettext_lazy("Peer support sessions, with their notes"),
    "peers.Navigation": gettext_lazy("Services you were helped to reach"),
    "peers.WellbeingScore": gettext_lazy("Your answers to the wellbeing questions"),
    "peers.PeerSupporter": gettext_lazy("Your peer supporter profile"),
    "peers.SupporterCheck": gettext_lazy("Your checks and training as a peer supporter"),
    "peers.Supervision": gettext_lazy("Your supervision dates as a peer supporter"),
}
ORDER = list(TITLES)

# Records that are the person's through another record rather than by pointing at them: (the model they hang
# from, the model, its field pointing at that record, the section's key). One query per model, whatever the count.
NESTED: list[tuple[str, str, str, str]] = [
    ("peers.SupportEpisode", "peers.SupportGoal", "episode", "peer_support_goals"),
    ("peers.SupportEpisode", "peers.SupportSession", "episode", "peer_support_sessions"),
    ("peers.SupportEpisode", "peers.Navigation", "episode", "peer_support_navigations"),
    ("peers.SupportEpisode", "peers.WellbeingScore", "episode", "peer_support_wellbeing"),
    ("peers.PeerSupporter", "peers.SupporterCheck", "supporter", "peer_supporter_checks"),
    ("peers.PeerSupporter", "peers.Supervision", "supporter", "peer_supporter_supervisions"),
]

FIELD_LABELS = {
    "id": gettext_lazy("Record number"),
    "created_at": gettext_lazy("Recorded"),
    "updated_at": gettext_lazy("Last changed"),
}


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    model: str
    fields: dict[str, str]
    records: list[dict[str, Any]]

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "model": self.model,
            "fields": self.fields,
            "records": self.records,
        }


def _label(obj: models.Model | None) -> str | None:
    """A short name for a linked record, from fields already loaded (never a query)."""
    if obj is None:
        return None
    label = obj._meta.label
    if label == "accounts.User":
        return obj.full_name or obj.email
    if label == "consent.PrivacyNotice":
        return _("Privacy notice %(version)s") % {"version": obj.version}
    if label == "consent.DataSharingAgreement":
        return _("Data sharing agreement from %(date)s") % {"date": obj.starts_on.isoformat()}
    if label == "peers.PeerSupporter" and "person" in obj._state.fields_cache:
        return obj.person.display_name  # the family's own supporter, by the name they know
    for attr in ("title", "name", "full_name"):
        value = obj.__dict__.get(attr)
        if value:
            return str(value)
    return f"{capfirst(obj._meta.verbose_name)} {str(obj.pk)[-8:].upper()}"


def _plain(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _shown_fields(model: type[models.Model], back_to_person: str | None) -> list[models.Field]:
    hidden = HIDDEN_FIELDS.get(model._meta.label, set()) | {"organisation"}
    if back_to_person:
        hidden.add(back_to_person)
    return [
        field
        for field in model._meta.concrete_fields
        if field.name not in hidden and not isinstance(field, models.BinaryField)
    ]


def _field_label(field: models.Field) -> str:
    return str(capfirst(FIELD_LABELS.get(field.name, field.verbose_name)))


def _choices(field: models.Field) -> dict[Any, str]:
    """The labels of a field's choices, translated once per export rather than once per record."""
    return {value: str(label) for value, label in field.flatchoices}


def _linked_labels(field: models.Field, ids: set[Any]) -> dict[Any, str | None]:
    """Labels of the records a foreign key points at: one query per field, whatever the number of rows."""
    if not ids:
        return {}
    linked = field.related_model._default_manager.filter(pk__in=ids)
    if field.related_model._meta.label == "peers.PeerSupporter":
        linked = linked.select_related("person")
    return {obj.pk: _label(obj) for obj in linked}


def _records(rows: list[dict[str, Any]], fields: list[models.Field]) -> list[dict[str, Any]]:
    """Plain records from rows of `values()` (keyed by column attribute names)."""
    linked = {
        field.name: _linked_labels(field, {row[field.attname] for row in rows} - {None})
        for field in fields
        if field.is_relation
    }
    choices = {field.name: _choices(field) for field in fields if field.choices and not field.is_relation}
    records = []
    for row in rows:
        record: dict[str, Any] = {}
        for field in fields:
            value = row[field.attname]
            if field.name in linked:
                record[field.name] = linked[field.name].get(value)
            elif field.name in choices and value not in (None, ""):
                record[field.name] = choices[field.name].get(value, value)
            else:
                record[field.name] = _plain(value)
        records.append(record)
    return records


def _section(key: str, model: type[models.Model], rows: list[dict[str, Any]], fields: list[models.Field]) -> Section:
    label = model._meta.label
    title = TITLES.get(label) or capfirst(model._meta.verbose_name_plural)
    return Section(
        key=key,
        title=str(title),
        model=label,
        fields={field.name: _field_label(field) for field in fields},
        records=_records(rows, fields),
    )


def _related(person: Person, relation: models.ForeignObjectRel) -> tuple[Section, list[Any]]:
    """One model pointing at Person: its records of this person (and the ids of those records). Rows are read as
    values, not model instances, and linked records are looked up once per field: a person may have thousands."""
    model = relation.related_model
    back = relation.field.name if not relation.many_to_many else None
    fields = _shown_fields(model, back)
    attnames = list(dict.fromkeys([model._meta.pk.attname, *(field.attname for field in fields)]))
    rows = list(model._default_manager.filter(**{relation.field.name: person}).values(*attnames))
    ids = [row[model._meta.pk.attname] for row in rows]
    return _section(relation.get_accessor_name(), model, rows, fields), ids


def _nested(parent_ids: list[Any], label: str, back: str, key: str) -> tuple[Section, list[Any]]:
    """The records of model `label` that hang from the person's records `parent_ids` (through field `back`)."""
    from django.apps import apps

    model = apps.get_model(label)
    fields = _shown_fields(model, None)
    attnames = list(dict.fromkeys([model._meta.pk.attname, *(field.attname for field in fields)]))
    rows = list(model._default_manager.filter(**{f"{back}__in": parent_ids}).values(*attnames)) if parent_ids else []
    ids = [row[model._meta.pk.attname] for row in rows]
    return _section(key, model, rows, fields), ids


def _household(person: Person) -> Section:
    household = person.household
    fields = {
        "your_role": _("Your role in the household"),
        "name": _("Name for the household"),
        "expected_due_date": _("Expected due date"),
        "young_carer": _("A child or young person is a young carer"),
        "care_experienced": _("Someone in the family is care-experienced"),
        "armed_forces": _("Armed forces family"),
        "home_educated": _("Children are electively home educated"),
        "children": _("Children"),
        "other_members": _("Other members who take part"),
    }
    records = []
    if household is not None:
        today = timezone.localdate()
        children = [
            {
                "age": child.current_age_band(today) or None,
                "has_send": child.has_send,
                "about_their_needs": child.send_details,
            }
            for child in household.children.all()
        ]
        others = household.members.exclude(pk=person.pk).count()
        records.append(
            {
                "your_role": person.get_household_role_display() or None,
                "name": household.name,
                "expected_due_date": household.expected_due_date,
                "young_carer": household.young_carer,
                "care_experienced": household.care_experienced,
                "armed_forces": household.armed_forces,
                "home_educated": household.home_educated,
                "children": children,
                "other_members": [_("Another member")] * others,
            }
        )
    return Section(
        key="household",
        title=_("Your household"),
        model="people.Household",
        fields=fields,
        records=records,
    )


def _many_to_many(person: Person, field: models.ManyToManyField) -> Section:
    objects = list(getattr(person, field.name).all())
    return Section(
        key=field.name,
        title=str(capfirst(field.verbose_name)),
        model=field.related_model._meta.label,
        fields={"name": _("Name")},
        records=[{"name": _label(obj)} for obj in objects],
    )


def _audit(person: Person, ids_by_model: dict[str, list[Any]]) -> Section:
    """Audit lines about the person or about their records (each lookup served by the audit_object index)."""
    wanted = Q(object_type=Person._meta.label, object_id=str(person.pk))
    for label, ids in ids_by_model.items():
        if ids:
            wanted |= Q(object_type=label, object_id__in=[str(pk) for pk in ids])
    actions = _choices(AuditEvent._meta.get_field("action"))
    events = AuditEvent.objects.filter(wanted, organisation_id=person.organisation_id).values_list(
        "action", "created_at", "summary"
    )
    return Section(
        key="audit_events",
        title=_("What we did with your information (from our audit log)"),
        model=AuditEvent._meta.label,
        fields={"action": _("What"), "when": _("When"), "summary": _("Details")},
        records=[
            {"action": actions.get(action, action), "when": when, "summary": summary}
            for action, when, summary in events
        ],
    )


def related_models() -> list[models.ForeignObjectRel]:
    """Every relation from another model to Person (foreign keys, one-to-one and many-to-many)."""
    return [relation for relation in Person._meta.related_objects if relation.related_model is not Person]


def person_export_data(person: Person) -> dict[str, Any]:
    """Everything held about `person`, as plain data (dates and times as Python objects; see `export_json`)."""
    person = Person.objects.select_related("household", "organisation").get(pk=person.pk)
    person_fields = _shown_fields(Person, None)
    sections = [
        _section("person", Person, [{f.attname: getattr(person, f.attname) for f in person_fields}], person_fields)
    ]
    sections += [_many_to_many(person, field) for field in Person._meta.many_to_many]
    sections.append(_household(person))

    related: list[tuple[Section, list[Any]]] = []
    withheld = []
    for relation in related_models():
        label = relation.related_model._meta.label
        if label in EXCLUDED:
            withheld.append(
                {
                    "key": relation.get_accessor_name(),
                    "title": _("Safeguarding records")
                    if label.startswith("safeguarding.")
                    else str(capfirst(relation.related_model._meta.verbose_name_plural)),
                    "model": label,
                    "note": str(EXCLUDED[label]),
                }
            )
            continue
        related.append(_related(person, relation))
    parents: dict[str, list[Any]] = {}
    for section, ids in related:
        parents.setdefault(section.model, []).extend(ids)
    related += [_nested(parents.get(parent, []), label, back, key) for parent, label, back, key in NESTED]
    related.sort(key=lambda pair: ORDER.index(pair[0].model) if pair[0].model in ORDER else len(ORDER))
    sections += [section for section, _objects in related]
    ids_by_model: dict[str, list[Any]] = {}
    for section, ids in related:
        ids_by_model.setdefault(section.model, []).extend(ids)
    sections.append(_audit(person, ids_by_model))

    return {
        "format": "coproduce subject access export",
        "format_version": 1,
        "exported_at": timezone.now(),
        "organisation": person.organisation.name,
        "person_reference": person.reference,
        "sections": [section.as_dict() for section in sections],
        "withheld": withheld,
    }


def export_json(data: dict[str, Any]) -> str:
    """The export as JSON: dates and times in ISO 8601, identifiers as strings."""
    return json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)


def _display(value: Any) -> str:
    if value is None or value == "" or value == []:
        return _("Not recorded")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.datetime):
        return formats.date_format(timezone.localtime(value), "j F Y, H:i")
    if isinstance(value, dt.date):
        return formats.date_format(value, "j F Y")
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_display(item)}" for key, item in value.items()) or _("Not recorded")
    if isinstance(value, list):
        return "; ".join(_display(item) for item in value)
    return str(value)


def export_display(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The sections for the readable page: each record as (label, text) rows."""
    shown = []
    for section in data["sections"]:
        rows = [
            [
                (label, _display(_child_text(record[name]) if name == "children" else record.get(name)))
                for name, label in section["fields"].items()
            ]
            for record in section["records"]
        ]
        shown.append({"key": section["key"], "title": section["title"], "records": rows})
    return shown


def _child_text(children: list[dict[str, Any]] | None) -> list[str]:
    texts = []
    for child in children or []:
        parts = [_("age %(band)s") % {"band": child["age"]} if child["age"] else _("age not recorded")]
        if child["has_send"]:
            parts.append(_("special educational needs or disabilities (SEND)"))
            if child["about_their_needs"]:
                parts.append(child["about_their_needs"])
        texts.append(", ".join(parts))
    return texts
