"""The families list as CSV (streamed) or XLSX: one row per support episode with its counts and the change in the
wellbeing answers. Never session notes, never what the family said; the family's name only for coordinators (a peer
supporter's export has the opaque reference alone). Every cell a spreadsheet would run as a formula is neutralised
(coproduce.core.spreadsheets)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.core import spreadsheets
from coproduce.core.audit import audit_record
from coproduce.core.models import AuditEvent
from coproduce.peers.models import SupportEpisode, WellbeingScore
from coproduce.peers.services.support import wellbeing_changes, with_counts

if TYPE_CHECKING:
    from django.http import HttpRequest

    from coproduce.accounts.models import User
    from coproduce.organisations.models import Organisation

FORMATS = ("csv", "xlsx")
CHUNK_SIZE = 2000
XLSX_TYPE = spreadsheets.XLSX_TYPE
WELLBEING_NAMES = {
    "life_satisfaction": gettext_lazy("Life satisfaction"),
    "worthwhile": gettext_lazy("Worthwhile"),
    "happiness": gettext_lazy("Happiness"),
    "anxiety": gettext_lazy("Anxiety"),
}


def _date(value) -> str:
    return value.isoformat() if value else ""


def reference(episode: SupportEpisode) -> str:
    return str(episode.pk)[-8:].upper()


def wellbeing_cell(episode: SupportEpisode) -> str:
    """ "Life satisfaction +2; Anxiety -3" for the questions answered both at the start and the close."""
    parts = []
    for change in wellbeing_changes(episode.wellbeing.all()):
        if change.change is not None:
            parts.append(f"{WELLBEING_NAMES[change.question]} {change.change:+d}")
    return "; ".join(parts)


# (column heading, value for one episode), in the order of the file's columns.
COLUMNS: list[tuple[Callable[[], str], Callable[[SupportEpisode], object]]] = [
    (lambda: _("Reference"), reference),
    (lambda: _("Supporter"), lambda e: e.supporter.person.display_name),
    (lambda: _("Started"), lambda e: _date(e.started_on)),
    (lambda: _("Closed"), lambda e: _date(e.closed_on)),
    (lambda: _("Sessions"), lambda e: e.sessions_count),
    (lambda: _("Goals achieved"), lambda e: e.goals_achieved),
    (lambda: _("Goals set"), lambda e: e.goals_total),
    (lambda: _("Services reached"), lambda e: e.services_reached),
    (lambda: _("Wellbeing change (close minus start)"), wellbeing_cell),
]
FAMILY_COLUMN: tuple[Callable[[], str], Callable[[SupportEpisode], object]] = (
    lambda: _("Family"),
    lambda e: e.person.display_name,
)


def _columns(with_names: bool) -> list:
    return [COLUMNS[0], FAMILY_COLUMN, *COLUMNS[1:]] if with_names else COLUMNS


def header(*, with_names: bool) -> list[str]:
    return [title() for title, _value in _columns(with_names)]


def rows(episodes: QuerySet[SupportEpisode], *, with_names: bool) -> Iterator[list[str]]:
    """One row per episode (not yet neutralised), CHUNK_SIZE episodes per query, wellbeing prefetched."""
    columns = _columns(with_names)
    scores = Prefetch("wellbeing", queryset=WellbeingScore.objects.order_by("moment"))
    ordered = with_counts(episodes).prefetch_related(scores).order_by("started_on", "created_at", "id")
    for episode in ordered.iterator(chunk_size=CHUNK_SIZE):
        cells = [value(episode) for _title, value in columns]
        yield ["" if cell is None else str(cell) for cell in cells]


def csv_lines(episodes: QuerySet[SupportEpisode], *, with_names: bool) -> Iterator[bytes]:
    return spreadsheets.csv_lines(header(with_names=with_names), rows(episodes, with_names=with_names))


def xlsx_bytes(episodes: QuerySet[SupportEpisode], *, with_names: bool) -> bytes:
    return spreadsheets.xlsx_bytes(
        _("Peer support"), header(with_names=with_names), rows(episodes, with_names=with_names)
    )


def export_record(
    *,
    organisation: Organisation,
    actor: User,
    file_format: str,
    count: int,
    show: str,
    with_names: bool,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """The export's audit line: how many episodes, the format, which ones, and whether families were named."""
    return audit_record(
        action=AuditEvent.Action.EXPORT,
        actor=actor,
        organisation=organisation,
        object_type=SupportEpisode._meta.label,
        summary=f"Exported {count} peer support episodes as {file_format.upper()}",
        changes={"format": file_format, "rows": count, "show": show, "family_names": with_names},
        request=request,
    )
