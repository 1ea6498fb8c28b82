"""Forms for recording and changing a contribution, filtering the list, finding the person it came from, and the
organisation's themes. The contribution form asks the service for every rule, so all problems show at once."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.contributions import files, services
from coproduce.contributions.models import Contribution, Theme

Kind = Contribution.Kind
Gathered = Contribution.Gathered
YES_NO = [("yes", _("Yes")), ("no", _("No"))]
KIND_HINTS = {
    Kind.NOTE: _("Something you noticed or were told, in your words."),
    Kind.IDEA: _("Something they suggest, like a change to a time or a place."),
    Kind.QUOTE: _("What they said, word for word."),
    Kind.DRAWING: _("A drawing or something they made: upload a photo or scan of it."),
    Kind.PHOTO: _("Only of people who have agreed to photos, or where no one can be identified."),
    Kind.STORY: _("Their experience, told by them. Needs a content note and where to get support."),
    Kind.GRAPHIC_RECORD: _("A drawing of a whole session, as an image or a PDF, with a summary in words."),
}
ACCEPT = ",".join(
    [t.content_type for t in files.allowed_types(Kind.GRAPHIC_RECORD)] + [".jpg", ".jpeg", ".png", ".webp", ".pdf"]
)


def _choices(objects, empty: str) -> list[tuple[str, str]]:
    return [("", empty), *((str(obj.pk), str(obj)) for obj in objects)]


class ContributionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What kind of contribution is it?"),
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what kind of contribution it is")},
    )
    text = forms.CharField(
        label=_("What they said"),
        help_text=_("In their own words where you can. For a drawing or a photo, write anything they said about it."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    file = forms.FileField(
        label=_("Upload the drawing, photo or graphic record"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
        error_messages={"empty": _("The selected file is empty"), "invalid": _("Select a file")},
    )
    alt_text = forms.CharField(
        label=_("Describe the image"),
        help_text=_(
            "For people who cannot see it: what it shows, in a sentence or two. For example ‘A child's drawing of "
            "a big sunny room with toys and a sofa for parents’."
        ),
        required=False,
        max_length=Contribution._meta.get_field("alt_text").max_length,
    )
    no_one_identifiable = forms.BooleanField(
        label=_("No one can be identified in this photo"),
        help_text=_("Tick this for a photo of a room, a display or hands, when you have not chosen a person."),
        required=False,
    )
    summary = forms.CharField(
        label=_("Summary of the graphic record"),
        help_text=_("What it shows, in words, for people who cannot see it or download it."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    content_note = forms.CharField(
        label=_("Content note"),
        help_text=_("Readers see this before the story, for example ‘Mentions baby loss’ or ‘Talks about debt’."),
        required=False,
        max_length=Contribution._meta.get_field("content_note").max_length,
    )
    support_info = forms.CharField(
        label=_("Where to get support"),
        help_text=_(
            "Shown before the story, and to the person who told it. For example ‘Talk to your family hub worker, or "
            "call Samaritans free on 116 123, any time’."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    activity = forms.ChoiceField(label=_("Activity"), required=False)
    stage = forms.ChoiceField(label=_("Stage of the project (optional)"), required=False)
    gathered = forms.ChoiceField(
        label=_("How was it gathered?"),
        choices=Gathered.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how it was gathered")},
    )
    checked_by_person = forms.TypedChoiceField(
        label=_("Has the person checked that it says what they meant?"),
        help_text=_("For example you read it back to them, or they wrote it themselves."),
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether the person checked that it says what they meant")},
    )
    is_anonymous = forms.BooleanField(
        label=_("Keep it anonymous"),
        help_text=_("Nobody will see who it came from, even if you chose the person above."),
        required=False,
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes (optional)"),
        help_text=_("Choose all that apply."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    new_theme = forms.CharField(
        label=_("Add a new theme (optional)"),
        help_text=_("If none of the themes fits, for example ‘Travel’."),
        required=False,
        max_length=services.THEME_NAME_MAX,
    )

    def __init__(
        self,
        *args,
        project,
        person=None,
        contribution: Contribution | None = None,
        activities=(),
        stages=(),
        themes=(),
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.project = project
        self.person = person
        self.contribution = contribution
        self._activities = {str(a.pk): a for a in activities}
        self._stages = {str(s.pk): s for s in stages}
        self._themes = {str(t.pk): t for t in themes}
        self.fields["kind"].option_hints = {str(k): str(v) for k, v in KIND_HINTS.items()}
        for name, what in (("alt_text", _("The description of the image")), ("content_note", _("The content note"))):
            self.fields[name].error_messages["max_length"] = _(
                "%(what)s must be %(limit_value)s characters or fewer"
            ) % {"what": what, "limit_value": self.fields[name].max_length}
        self.fields["new_theme"].error_messages["max_length"] = _(
            "The name of a theme must be %(max)s characters or fewer"
        ) % {"max": services.THEME_NAME_MAX}
        self.fields["activity"].choices = _choices(activities, _("Not at a particular activity"))
        self.fields["stage"].choices = _choices(stages, _("Not linked to a stage"))
        self.fields["themes"].choices = [(str(t.pk), t.name) for t in themes]
        if not themes:
            self.fields["themes"].help_text = _("Your organisation has no themes yet: add one below.")
        limit = files.megabytes(files.max_bytes())
        self.fields["file"].help_text = _(
            "A JPG, PNG or WebP image (a graphic record can also be a PDF), smaller than %(limit)s MB."
        ) % {"limit": limit}
        if contribution is not None and contribution.file:
            self.fields["file"].label = _("Upload a new file (optional)")
            self.fields["file"].help_text = _(
                "Leave this empty to keep the file you have. A new one must be a JPG, PNG or WebP image (a graphic "
                "record can also be a PDF), smaller than %(limit)s MB."
            ) % {"limit": limit}

    def clean(self) -> dict:
        cleaned = super().clean()
        self.details = services.Details(
            kind=cleaned.get("kind", ""),
            gathered=cleaned.get("gathered", ""),
            text=cleaned.get("text", ""),
            activity=self._activities.get(cleaned.get("activity") or ""),
            stage=self._stages.get(cleaned.get("stage") or ""),
            person=self.person,
            checked_by_person=bool(cleaned.get("checked_by_person")),
            is_anonymous=bool(cleaned.get("is_anonymous")),
            alt_text=cleaned.get("alt_text", ""),
            summary=cleaned.get("summary", ""),
            content_note=cleaned.get("content_note", ""),
            support_info=cleaned.get("support_info", ""),
            no_one_identifiable=bool(cleaned.get("no_one_identifiable")),
        )
        self.chosen_themes = [self._themes[pk] for pk in cleaned.get("themes", []) if pk in self._themes]
        if not cleaned.get("kind") or not cleaned.get("gathered"):
            return cleaned  # their own "choose" messages say enough for now
        errors, _found = services.contribution_problems(
            project=self.project,
            details=self.details,
            upload=cleaned.get("file"),
            existing=self.contribution,
            new_theme=cleaned.get("new_theme", ""),
            themes=self.chosen_themes,
        )
        for field, message in errors.items():
            if field == "__all__":
                self.add_error(None, message)
            elif field in self.fields and field not in self.errors:
                self.add_error(field, message)
        return cleaned

    def service_arguments(self) -> dict:
        return {
            "details": self.details,
            "themes": self.chosen_themes,
            "new_theme": self.cleaned_data.get("new_theme", ""),
            "upload": self.cleaned_data.get("file"),
        }

    @classmethod
    def initial_for(cls, contribution: Contribution) -> dict:
        return {
            "kind": contribution.kind,
            "text": contribution.text,
            "alt_text": contribution.alt_text,
            "no_one_identifiable": contribution.kind == Kind.PHOTO and contribution.person_id is None,
            "summary": contribution.summary,
            "content_note": contribution.content_note,
            "support_info": contribution.support_info,
            "activity": str(contribution.activity_id or ""),
            "stage": str(contribution.stage_id or ""),
            "gathered": contribution.gathered,
            "checked_by_person": "yes" if contribution.checked_by_person else "no",
            "is_anonymous": contribution.is_anonymous,
            "themes": [str(t.pk) for t in contribution.themes.all()],
        }


class ContributionFilterForm(forms.Form):
    """The list's filters, as a GET form that works without JavaScript."""

    theme = forms.ChoiceField(label=_("Theme"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *Kind.choices])
    activity = forms.ChoiceField(label=_("Activity"), required=False)
    stage = forms.ChoiceField(label=_("Stage"), required=False)
    gathered = forms.ChoiceField(
        label=_("How it was gathered"), required=False, choices=[("", _("Any way")), *Gathered.choices]
    )

    def __init__(self, *args, activities=(), stages=(), themes=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = _choices(themes, _("All themes"))
        self.fields["activity"].choices = _choices(activities, _("All activities"))
        self.fields["stage"].choices = _choices(stages, _("All stages"))

    def filters(self) -> dict:
        """The chosen filters as queryset lookups (an unknown choice is an error, so it filters nothing)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        lookups = {"themes__id": data["theme"], "kind": data["kind"], "activity_id": data["activity"]}
        lookups |= {"stage_id": data["stage"], "gathered": data["gathered"]}
        return {name: value for name, value in lookups.items() if value}


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Find the person it came from"),
        help_text=_("Name, email address, phone number or postcode"),
        required=False,
        max_length=100,
    )


class ThemeForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the theme"),
        help_text=_("Short and plain, for example ‘Timing’, ‘Childcare’ or ‘Feeling welcome’."),
        max_length=Theme._meta.get_field("name").max_length,
        error_messages={"required": _("Enter a name for the theme")},
    )
