"""Forms for what an organisation publishes: a win (with its photo and the people in it), a glossary term, an offer
and its versions, the public site's settings, and a translation. Forms that save through a service ask the
service's rules, so every problem shows next to its field at once."""

from __future__ import annotations

from django import forms
from django.core.validators import validate_slug
from django.utils.translation import gettext_lazy as _

from coproduce.contributions import files
from coproduce.contributions.models import Contribution
from coproduce.core.fields import DateField
from coproduce.core.translations import CONTENT_LANGUAGES, is_right_to_left
from coproduce.publishing import offers, services
from coproduce.publishing.models import GlossaryTerm, Offer, OfferVersion, PublicSite, Win

ACCEPT = ",".join(
    [t.content_type for t in files.allowed_types(Contribution.Kind.PHOTO)] + [".jpg", ".jpeg", ".png", ".webp"]
)


def _choices(objects, empty: str) -> list[tuple[str, str]]:
    return [("", empty), *((str(obj.pk), str(obj)) for obj in objects)]


def _limit_message(field: forms.CharField, what: str) -> None:
    field.error_messages["max_length"] = _("%(what)s must be %(max)s characters or fewer") % {
        "what": what,
        "max": field.max_length,
    }


class WinForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        help_text=_("Short and plain, for example ‘The feeding group now starts at 10:30’."),
        max_length=Win._meta.get_field("title").max_length,
        error_messages={"required": _("Enter a title for the win")},
    )
    story = forms.CharField(
        label=_("What changed"),
        help_text=_("Written for families: what you heard, what changed, and who made it happen."),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Say what changed, for families to read")},
    )
    happened_on = DateField(label=_("When it happened"), required=True)
    project = forms.ChoiceField(label=_("Project (optional)"), required=False)
    promise = forms.ChoiceField(
        label=_("The promise it answers (optional)"),
        help_text=_("Families can then follow it from what they said to what changed."),
        required=False,
    )
    q = forms.CharField(
        label=_("Find someone in the photo"),
        help_text=_("Name, email address, phone number or postcode"),
        required=False,
        max_length=100,
    )
    people_pictured = forms.MultipleChoiceField(
        label=_("People in the photo"),
        help_text=_(
            "Tick everyone who can be recognised. The photo shows in public only while they all agree to photos."
        ),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    photo = forms.FileField(
        label=_("Upload a photo (optional)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
        error_messages={"empty": _("The selected file is empty"), "invalid": _("Select a file")},
    )
    photo_alt = forms.CharField(
        label=_("Describe the photo"),
        help_text=_("For people who cannot see it: what it shows, in a sentence. Needed when there is a photo."),
        required=False,
        max_length=Win._meta.get_field("photo_alt").max_length,
    )
    no_one_identifiable = forms.BooleanField(
        label=Win._meta.get_field("no_one_identifiable").verbose_name,
        help_text=Win._meta.get_field("no_one_identifiable").help_text,
        required=False,
    )
    remove_photo = forms.BooleanField(label=_("Remove the photo"), required=False)

    def __init__(
        self, *args, organisation, win: Win | None = None, projects=(), promises=(), people=(), **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.win = win
        self._projects = {str(p.pk): p for p in projects}
        self._promises = {str(p.pk): p for p in promises}
        self._people = {str(p.pk): p for p in people}
        self.fields["project"].choices = _choices(projects, _("Not part of a project"))
        self.fields["promise"].choices = _choices(promises, _("Not answering a promise"))
        self.fields["people_pictured"].choices = [
            (str(p.pk), f"{p.display_name} ({p.postcode})" if p.postcode else p.display_name) for p in people
        ]
        _limit_message(self.fields["title"], _("The title"))
        _limit_message(self.fields["photo_alt"], _("The description of the photo"))
        limit = files.megabytes(files.max_bytes())
        self.fields["photo"].help_text = _("A JPG, PNG or WebP image, smaller than %(limit)s MB.") % {"limit": limit}
        if win is not None and win.photo:
            self.fields["photo"].label = _("Upload a new photo (optional)")
            self.fields["photo"].help_text = _(
                "Leave this empty to keep the photo you have. A new one must be a JPG, PNG or WebP image, smaller "
                "than %(limit)s MB."
            ) % {"limit": limit}
        else:
            del self.fields["remove_photo"]

    def details(self) -> services.WinDetails:
        data = self.cleaned_data
        return services.WinDetails(
            title=data.get("title", ""),
            story=data.get("story", ""),
            happened_on=data.get("happened_on"),
            project=self._projects.get(data.get("project") or ""),
            promise=self._promises.get(data.get("promise") or ""),
            photo_alt=data.get("photo_alt", ""),
            remove_photo=bool(data.get("remove_photo")),
            people_pictured=[self._people[pk] for pk in data.get("people_pictured", []) if pk in self._people],
            no_one_identifiable=bool(data.get("no_one_identifiable")),
        )

    def clean(self) -> dict:
        cleaned = super().clean()
        errors, _found = services.win_problems(
            organisation=self.organisation, details=self.details(), upload=cleaned.get("photo"), existing=self.win
        )
        for name, message in errors.items():
            if name in self.fields and name not in self.errors:
                self.add_error(name, message)
            elif name not in self.fields:
                self.add_error(None, message)
        return cleaned

    @classmethod
    def initial_for(cls, win: Win) -> dict:
        return {
            "title": win.title,
            "story": win.story,
            "happened_on": win.happened_on,
            "project": str(win.project_id or ""),
            "promise": str(win.promise_id or ""),
            "photo_alt": win.photo_alt,
            "people_pictured": [str(pk) for pk in win.people_pictured.values_list("pk", flat=True)],
            "no_one_identifiable": win.no_one_identifiable,
        }


class GlossaryTermForm(forms.Form):
    term = forms.CharField(
        label=_("Term"),
        help_text=_("For example SEND, or Start for Life."),
        max_length=GlossaryTerm._meta.get_field("term").max_length,
        error_messages={"required": _("Enter the term")},
    )
    stands_for = forms.CharField(
        label=_("What it stands for (optional)"),
        help_text=_("For an acronym: the words in full, for example ‘Special educational needs and disabilities’."),
        max_length=GlossaryTerm._meta.get_field("stands_for").max_length,
        required=False,
    )
    explanation = forms.CharField(
        label=_("Plain explanation"),
        help_text=_("What it means, in a sentence or two a family would use."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Explain the term in plain words")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _limit_message(self.fields["term"], _("The term"))
        _limit_message(self.fields["stands_for"], _("What it stands for"))


class OfferForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        help_text=_("For example ‘Our Start for Life offer’."),
        max_length=Offer._meta.get_field("title").max_length,
        error_messages={"required": _("Enter a title for the offer")},
    )
    slug = forms.CharField(
        label=_("Web address (optional)"),
        help_text=_(
            "The last part of the page's address: lower case letters, numbers and hyphens, for example "
            "start-for-life. Leave it empty to make it from the title."
        ),
        max_length=Offer._meta.get_field("slug").max_length,
        required=False,
    )
    summary = forms.CharField(
        label=_("Summary (optional)"),
        help_text=_("One sentence for the list of offers, written for families."),
        max_length=Offer._meta.get_field("summary").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, editing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _limit_message(self.fields["title"], _("The title"))
        _limit_message(self.fields["slug"], _("The address"))
        _limit_message(self.fields["summary"], _("The summary"))
        if editing:
            self.fields["slug"].required = True
            self.fields["slug"].label = _("Web address")
            self.fields["slug"].error_messages["required"] = _(
                "Enter the last part of the page's address, for example start-for-life"
            )
            self.fields["slug"].help_text = _(
                "The last part of the page's address: lower case letters, numbers and hyphens. Changing it breaks "
                "links people have saved."
            )

    def clean_slug(self) -> str:
        slug = offers.clean_slug(self.cleaned_data.get("slug", ""))
        if slug:
            try:
                validate_slug(slug)
            except forms.ValidationError:
                raise forms.ValidationError(offers.SLUG_MESSAGE) from None
        return slug


class OfferVersionForm(forms.Form):
    body = forms.CharField(
        label=OfferVersion._meta.get_field("body").verbose_name.capitalize(),
        help_text=OfferVersion._meta.get_field("body").help_text,
        widget=forms.Textarea(attrs={"rows": 20}),
        error_messages={"required": _("Write the text of the offer")},
    )
    co_produced_with = forms.CharField(
        label=_("Who co-produced it (optional)"),
        help_text=OfferVersion._meta.get_field("co_produced_with").help_text,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class PublicSiteForm(forms.Form):
    get_involved = forms.CharField(
        label=PublicSite._meta.get_field("get_involved").verbose_name.capitalize(),
        help_text=PublicSite._meta.get_field("get_involved").help_text,
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )
    contact_email = forms.EmailField(
        label=_("Email address for families"),
        required=False,
        error_messages={"invalid": _("Enter an email address in the correct format, like name@example.org")},
    )
    contact_phone = forms.CharField(label=_("Phone number for families"), max_length=30, required=False)
    contact_text_number = forms.CharField(label=_("Number families can text"), max_length=30, required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages families read"),
        help_text=_("Content can be translated into these languages, and readers can switch to them."),
        choices=[(code, f"{name} ({own})") for code, (name, own, _rtl) in CONTENT_LANGUAGES.items()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Choose languages from the list")},
    )
    accessibility_contact = forms.CharField(
        label=_("Who to contact about accessibility"),
        help_text=PublicSite._meta.get_field("accessibility_contact").help_text,
        max_length=200,
        required=False,
    )
    privacy_notice_url = forms.URLField(
        label=_("Link to your privacy notice"),
        help_text=_("The full address, starting with https://"),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Enter a web address, like https://www.example.gov.uk/privacy")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, what in (
            ("contact_phone", _("The phone number")),
            ("contact_text_number", _("The number to text")),
            ("accessibility_contact", _("Who to contact about accessibility")),
        ):
            _limit_message(self.fields[name], what)


class TranslationForm(forms.Form):
    """One textarea (or line) per translated field, marked with the language and its direction."""

    def __init__(self, *args, record, language: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        name = CONTENT_LANGUAGES[language][0]
        direction = "rtl" if is_right_to_left(language) else "ltr"
        current = (record.translations or {}).get(language, {})
        limits = services.translation_max_lengths(record, record.TRANSLATED_FIELDS)
        for field_name in record.TRANSLATED_FIELDS:
            model_field = record._meta.get_field(field_name)
            limit = limits[field_name]
            attrs = {"lang": language, "dir": direction}
            widget = forms.TextInput(attrs=attrs) if limit and limit <= 300 else forms.Textarea(attrs=attrs)
            self.fields[field_name] = forms.CharField(
                label=_("%(field)s in %(language)s")
                % {"field": model_field.verbose_name.capitalize(), "language": name},
                required=False,
                max_length=limit,
                initial=current.get(field_name, ""),
                widget=widget,
                help_text=_("Leave it empty to show the English."),
                strip=True,
            )
            if limit:
                _limit_message(self.fields[field_name], _("The translation"))
        self.english = {field_name: getattr(record, field_name) for field_name in record.TRANSLATED_FIELDS}
