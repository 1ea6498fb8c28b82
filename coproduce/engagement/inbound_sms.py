"""Reading a text-message reply to a "When suits you?" poll, and comparing the phone numbers it comes from.

The poll's text message lists the times as numbers and asks "Reply with the numbers that suit you, e.g. 1 3".
`parse_reply` turns what people actually send back into an answer for every slot, or None when it cannot be sure
what they meant (then nothing is recorded and staff can phone them). It is pure: no database, no Django.

What it understands:
- numbers, however separated: "1 3", "1,3", "1 and 3", "1st and 3rd", "one and three"; "13" means 1 and 3 when
  there are fewer than 10 slots and 13 is not a slot;
- "if need be" after a number: "2?", "2 maybe", "2 if need be", "2 at a push", "2 probably";
- "none", "no", "neither", "nothing", "can't", "0" on their own: no to every slot; "all", "any", "every" on their own:
  yes to every slot;
- polite words around them ("yes please, 1 and 3 thanks x").

Anything else (an unknown word, a number that is not a slot, "maybe" with no number before it, "none" with numbers)
is not understood. A slot mentioned both plainly and with "maybe" counts as yes.
"""

from __future__ import annotations

import re

import phonenumbers

from coproduce.analysis.scheduling import Answer

# Words that change nothing ("yes please 1 and 3 thanks x").
FILLER = frozenset(
    {
        "yes",
        "yeah",
        "yep",
        "please",
        "pls",
        "plz",
        "thanks",
        "thank",
        "you",
        "thx",
        "ta",
        "cheers",
        "ok",
        "okay",
        "and",
        "or",
        "also",
        "both",
        "x",
        "xx",
        "xxx",
        "hi",
        "hello",
        "slot",
        "slots",
        "number",
        "numbers",
        "time",
        "times",
        "option",
        "options",
        "i",
        "can",
        "do",
        "make",
        "suit",
        "suits",
        "me",
        "for",
        "the",
        "is",
        "are",
        "fine",
        "good",
        "great",
    }
)
# After a number: "if need be" for that number.
MAYBE = frozenset({"maybe", "possibly", "perhaps", "probably", "prob", "poss", "?", "<maybe>"})
# Alone: no to every slot.
NONE = frozenset({"none", "no", "nope", "neither", "nothing", "cant", "can't", "cannot", "0", "zero", "sorry"})
# Alone: yes to every slot.
ALL = frozenset({"all", "any", "every", "everything", "anytime", "anything", "either"})
NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}
MAYBE_PHRASES = re.compile(r"\b(?:if\s+(?:i\s+)?needs?\s+be|if\s+needed|at\s+a\s+push|not\s+sure)\b")
TOKEN = re.compile(r"<maybe>|\d+(?:st|nd|rd|th)?|[a-z][a-z']*|\?")
# Longer replies are not a list of numbers: someone is writing to us, and staff should read it.
MAX_LENGTH = 160


def _numbers(token: str, slot_count: int) -> list[int] | None:
    """The slot numbers one token stands for, or None if it is not a slot number."""
    if token in NUMBER_WORDS:
        value = NUMBER_WORDS[token]
        return [value] if value <= slot_count else None
    digits = re.sub(r"(st|nd|rd|th)$", "", token)
    if not digits.isdigit():
        return None
    value = int(digits)
    if 1 <= value <= slot_count:
        return [value]
    # "13" for 1 and 3, when there are fewer than 10 slots and each digit is one.
    if slot_count < 10 and len(digits) > 1 and all(1 <= int(d) <= slot_count for d in digits):
        return [int(d) for d in digits]
    return None


def parse_reply(text: str, slot_count: int) -> dict[int, str] | None:
    """Slot number (1 to slot_count) → "yes", "if_need_be" or "no" for every slot, or None if not understood."""
    if slot_count < 1 or not isinstance(text, str) or len(text) > MAX_LENGTH:
        return None
    lowered = MAYBE_PHRASES.sub(" <maybe> ", text.lower().replace("’", "'"))
    tokens = TOKEN.findall(lowered)
    # Everything between tokens (spaces, commas, full stops, emoji) only separates them: "1,3" reads as 1 and 3.
    plain: set[int] = set()
    maybe: set[int] = set()
    pending: list[int] = []  # the numbers of the last token, until we know whether "maybe" follows them
    said_none = said_all = False
    for token in tokens:
        if token in MAYBE:
            if not pending:
                return None
            maybe.update(pending)
            pending = []
            continue
        plain.update(pending)
        pending = []
        numbers = _numbers(token, slot_count)
        if numbers is not None:
            pending = numbers
        elif token in NONE:
            said_none = True
        elif token[0].isdigit() or token in NUMBER_WORDS:
            return None  # a number that is not a slot
        elif token in ALL:
            said_all = True
        elif token not in FILLER:
            return None
    plain.update(pending)
    mentioned = plain | maybe
    if said_none + said_all + bool(mentioned) != 1:
        return None  # nothing we understood, or "none" (or "all") together with numbers
    if said_none:
        return dict.fromkeys(range(1, slot_count + 1), Answer.NO.value)
    if said_all:
        return dict.fromkeys(range(1, slot_count + 1), Answer.YES.value)
    # Said both plainly and with "maybe" (as in "1 2 2?"): the plain yes stands.
    return {
        n: Answer.YES.value if n in plain else Answer.IF_NEED_BE.value if n in maybe else Answer.NO.value
        for n in range(1, slot_count + 1)
    }


def normalise_number(text: str) -> str | None:
    """A UK (or international) phone number in E.164 form ("+447700900123"), or None if it is not a number.
    GOV.UK Notify sends the sender as "447700900123"; people's records keep "07700 900123"."""
    text = (text or "").strip()
    if not text:
        return None
    if text[0].isdigit() and not text.startswith("0") and len(re.sub(r"\D", "", text)) > 10:
        text = "+" + text  # Notify leaves out the "+" of an international number
    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def number_forms(number: str) -> list[str]:
    """The ways a number (E.164) may be written as a message's address: E.164 (polls) and as people's records keep
    it ("07700 900123", other messages), so that a reply can be matched to every text we sent to the number."""
    try:
        parsed = phonenumbers.parse(number, "GB")
    except phonenumbers.NumberParseException:
        return [number]
    national = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    international = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return sorted({number, national, national.replace(" ", ""), international})
