"""Translations of what an organisation writes for families (activity descriptions, promise updates, wins, offers)
into the languages its families speak. Interface strings use Django's own translation (gettext); this is for content.

A translation is stored on the record itself, as {language code: {field: text}}, so that a public page needs no
extra query to show it; `translated()` picks the reader's language and falls back to English field by field.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# Languages an organisation can publish translations in: code, English name, name in the language, right-to-left.
# The commonest languages of families in England other than English (Census 2021 main language), plus Welsh.
CONTENT_LANGUAGES: dict[str, tuple[str, str, bool]] = {
    "ar": ("Arabic", "العربية", True),
    "bn": ("Bengali", "বাংলা", False),
    "cy": ("Welsh", "Cymraeg", False),
    "es": ("Spanish", "Español", False),
    "fa": ("Persian (Farsi)", "فارسی", True),
    "gu": ("Gujarati", "ગુજરાતી", False),
    "it": ("Italian", "Italiano", False),
    "lt": ("Lithuanian", "Lietuvių", False),
    "pa": ("Punjabi", "ਪੰਜਾਬੀ", False),
    "pl": ("Polish", "Polski", False),
    "ps": ("Pashto", "پښتو", True),
    "pt": ("Portuguese", "Português", False),
    "ro": ("Romanian", "Română", False),
    "so": ("Somali", "Soomaali", False),
    "ta": ("Tamil", "தமிழ்", False),
    "ti": ("Tigrinya", "ትግርኛ", False),
    "tr": ("Turkish", "Türkçe", False),
    "uk": ("Ukrainian", "Українська", False),
    "ur": ("Urdu", "اردو", True),
    "zh": ("Chinese", "中文", False),
}


def is_right_to_left(language: str) -> bool:
    return CONTENT_LANGUAGES.get(language, ("", "", False))[2]


class Translatable(models.Model):
    """A record whose family-facing fields can be translated. `TRANSLATED_FIELDS` names them."""

    TRANSLATED_FIELDS: tuple[str, ...] = ()

    translations = models.JSONField(_("translations"), default=dict, blank=True)

    class Meta:
        abstract = True

    def translated(self, field: str, language: str | None) -> str:
        """The field in `language` where a translation exists, otherwise in English."""
        if language and field in self.TRANSLATED_FIELDS:
            text = (self.translations or {}).get(language, {}).get(field, "")
            if text.strip():
                return text
        return getattr(self, field)

    def has_translation(self, language: str) -> bool:
        return any(str(text).strip() for text in (self.translations or {}).get(language, {}).values())

    def languages(self) -> list[str]:
        return sorted(code for code in (self.translations or {}) if self.has_translation(code))
