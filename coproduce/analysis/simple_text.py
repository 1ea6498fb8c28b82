"""A very small text format for pages staff write for families (published offers): a line starting "## " is a
heading, a line starting "- " is a list item, and a blank line separates paragraphs. Nothing else has meaning, so
staff can never put HTML (or anything a browser would run) into a public page: templates escape every block.

`blocks(text)` turns the text into plain blocks that a template renders; no Django here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

HEADING = "heading"
PARAGRAPH = "paragraph"
LIST = "list"


@dataclass(frozen=True)
class Block:
    kind: str  # HEADING, PARAGRAPH or LIST
    text: str = ""  # a heading's or a paragraph's text (lines of a paragraph joined with a space)
    items: tuple[str, ...] = field(default=())  # a list's items


def blocks(text: str) -> list[Block]:
    """The blocks of `text`, in order. Consecutive list items make one list; the lines of a paragraph make one
    paragraph; empty headings and items are left out."""
    found: list[Block] = []
    paragraph: list[str] = []
    items: list[str] = []

    def end_paragraph() -> None:
        if paragraph:
            found.append(Block(PARAGRAPH, text=" ".join(paragraph)))
            paragraph.clear()

    def end_list() -> None:
        if items:
            found.append(Block(LIST, items=tuple(items)))
            items.clear()

    for raw in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line:
            end_paragraph()
            end_list()
        elif line.startswith("##") and (len(line) == 2 or line[2] in " #"):
            end_paragraph()
            end_list()
            heading = line.lstrip("#").strip()
            if heading:
                found.append(Block(HEADING, text=heading))
        elif line.startswith("- ") or line == "-":
            end_paragraph()
            item = line[1:].strip()
            if item:
                items.append(item)
        else:
            end_list()
            paragraph.append(line)
    end_paragraph()
    end_list()
    return found


def plain_text(text: str) -> str:
    """The words of `text` without its markers, for the plain-English checker (headings and items become
    sentences of their own, so they are not run together into one long sentence)."""
    parts = []
    for block in blocks(text):
        if block.kind == LIST:
            parts.extend(_sentence(item) for item in block.items)
        else:
            parts.append(_sentence(block.text))
    return "\n\n".join(parts)


def _sentence(text: str) -> str:
    return text if text[-1:] in ".!?:" else f"{text}."
