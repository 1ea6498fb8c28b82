"""The postcode → neighbourhood lookup: streamed import from the ONS Postcode Directory, and IMD deciles."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from coproduce.core.models import AuditEvent
from coproduce.insights import postcodes
from coproduce.insights.demo import DEMO_LSOA_BY_DECILE, seed_demo_postcodes
from coproduce.insights.models import LocalAuthority, LsoaDeprivation, OrganisationArea, PostcodeLsoa
from coproduce.insights.postcodes import (
    imd_decile_for_postcode,
    imd_decile_subquery,
    imd_deciles_for_postcodes,
    postcode_lookup_import,
    postcode_normalise,
)
from coproduce.organisations.models import Organisation
from coproduce.people.models import Person

HEADER = "pcd,pcd2,pcds,dointr,doterm,oslaua,lsoa11,lsoa21\n"
OURS, THEIRS = "E06000001", "E06000002"


def _csv(*rows: str, header: str = HEADER) -> io.BytesIO:
    return io.BytesIO((header + "".join(row + "\n" for row in rows)).encode())


def _row(postcode: str, lsoa: str, area: str = OURS, terminated: str = "") -> str:
    return f"x,x,{postcode},199801,{terminated},{area},{lsoa},E01000000"


@pytest.fixture
def areas(org: Organisation, other_org: Organisation) -> None:
    ours = LocalAuthority.objects.create(code=OURS, name="Hartlepool", total_population=1)
    theirs = LocalAuthority.objects.create(code=THEIRS, name="Middlesbrough", total_population=1)
    OrganisationArea.objects.create(organisation=org, local_authority=ours)
    OrganisationArea.objects.create(organisation=other_org, local_authority=theirs)


def _lookup(organisation: Organisation) -> dict[str, str]:
    return dict(PostcodeLsoa.objects.filter(organisation=organisation).values_list("postcode", "lsoa11_code"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NB1 1AA", "NB1 1AA"),
        ("nb11aa", "NB1 1AA"),
        ("  sw1a   2aa ", "SW1A 2AA"),
        ("M1 1AE", "M1 1AE"),
        ("EC1A1BB", "EC1A 1BB"),
        ("GIR 0AA", "GIR 0AA"),
        ("", None),
        (None, None),
        ("NB1", None),
        ("12345", None),
        ("NB1 1AAA", None),
        ("not a postcode", None),
    ],
)
def test_postcode_normalise(text: str | None, expected: str | None) -> None:
    assert postcode_normalise(text) == expected


@pytest.mark.django_db
def test_refuses_a_file_without_the_columns_naming_them(org: Organisation, areas: None) -> None:
    PostcodeLsoa.objects.create(organisation=org, postcode="NB1 1AA", lsoa11_code="E01000001")
    with pytest.raises(ValidationError) as caught:
        postcode_lookup_import(organisation=org, file=_csv("x,y", header="pcds,lsoa21\n"))
    message = " ".join(caught.value.messages)
    assert "lsoa11" in message and "oslaua" in message and "no pcds" not in message
    with pytest.raises(ValidationError, match="empty"):
        postcode_lookup_import(organisation=org, file=io.BytesIO(b""))
    assert _lookup(org) == {"NB1 1AA": "E01000001"}


@pytest.mark.django_db
def test_refuses_when_the_organisation_has_no_areas(org: Organisation) -> None:
    with pytest.raises(ValidationError, match="local authority areas first"):
        postcode_lookup_import(organisation=org, file=_csv(_row("NB1 1AA", "E01000001")))
    assert not PostcodeLsoa.objects.exists()


@pytest.mark.django_db
def test_keeps_only_the_organisations_areas_skipping_terminated_and_counting_invalid(
    org: Organisation, other_org: Organisation, areas: None
) -> None:
    file = _csv(
        _row("NB1 1AA", "E01000001"),  # line 2: kept
        _row("nb12ab", "e01000002"),  # line 3: kept, normalised
        _row("TS1 1AA", "E01000003", area=THEIRS),  # line 4: another area
        _row("NB1 3AA", "E01000004", terminated="201204"),  # line 5: terminated
        _row("NOT A POSTCODE", "E01000005"),  # line 6: invalid postcode
        _row("NB1 4AA", "S01000006"),  # line 7: a Scottish data zone, not an LSOA
        _row("NB1 5AA", ""),  # line 8: no LSOA
        _row("NB1 1AA", "E01000007"),  # line 9: repeated; the later row wins
    )
    result = postcode_lookup_import(organisation=org, file=file)
    assert (result.rows_read, result.kept, result.skipped_other_area, result.skipped_terminated) == (8, 2, 1, 1)
    assert (result.invalid, result.invalid_lines, result.duplicates) == (3, [6, 7, 8], 1)
    assert _lookup(org) == {"NB1 1AA": "E01000007", "NB1 2AB": "E01000002"}
    assert _lookup(other_org) == {}
    event = AuditEvent.objects.get(organisation=org, action=AuditEvent.Action.IMPORT)
    assert event.changes["kept"] == 2 and event.changes["invalid_lines"] == [6, 7, 8]
    assert "NB1" not in str(event.changes) + event.summary  # counts only, no postcodes


@pytest.mark.django_db
def test_a_text_stream_without_doterm_column_and_with_upper_case_header(org: Organisation, areas: None) -> None:
    file = io.StringIO(f"PCDS,OSLAUA,LSOA11\nNB1 1AA,{OURS},E01000001\nNB1 2AA,{OURS},W01000002\n")
    result = postcode_lookup_import(organisation=org, file=file)
    assert result.kept == 2 and result.skipped_terminated == 0
    assert not file.closed


@pytest.mark.django_db
def test_replaces_the_previous_lookup_and_leaves_other_organisations_alone(
    org: Organisation, other_org: Organisation, areas: None
) -> None:
    PostcodeLsoa.objects.create(organisation=org, postcode="NB9 9ZZ", lsoa11_code="E01000009")
    PostcodeLsoa.objects.create(organisation=other_org, postcode="NB9 9ZZ", lsoa11_code="E01000008")
    postcode_lookup_import(organisation=org, file=_csv(_row("NB1 1AA", "E01000001")))
    assert _lookup(org) == {"NB1 1AA": "E01000001"}
    assert _lookup(other_org) == {"NB9 9ZZ": "E01000008"}


@pytest.mark.django_db
def test_a_failure_while_writing_leaves_the_old_lookup(
    org: Organisation, areas: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    PostcodeLsoa.objects.create(organisation=org, postcode="NB9 9ZZ", lsoa11_code="E01000009")
    monkeypatch.setattr(postcodes, "BATCH_SIZE", 2)
    real_bulk_create = PostcodeLsoa.objects.bulk_create
    calls: list[int] = []

    def failing_bulk_create(objs, *args, **kwargs):
        calls.append(len(objs))
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return real_bulk_create(objs, *args, **kwargs)

    monkeypatch.setattr(PostcodeLsoa.objects, "bulk_create", failing_bulk_create)
    file = _csv(*(_row(f"NB1 {n}AA", f"E0100000{n}") for n in range(1, 6)))
    with pytest.raises(RuntimeError):
        postcode_lookup_import(organisation=org, file=file)
    assert calls == [2, 2]  # written in batches, the second failed
    assert _lookup(org) == {"NB9 9ZZ": "E01000009"}
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT).exists()


@pytest.fixture
def deciles(org: Organisation, other_org: Organisation) -> None:
    LsoaDeprivation.objects.bulk_create(
        [LsoaDeprivation(lsoa11_code="E01000001", imd_decile=1), LsoaDeprivation(lsoa11_code="E01000002", imd_decile=7)]
    )
    PostcodeLsoa.objects.bulk_create(
        [
            PostcodeLsoa(organisation=org, postcode="NB1 1AA", lsoa11_code="E01000001"),
            PostcodeLsoa(organisation=org, postcode="NB1 2AB", lsoa11_code="E01000002"),
            PostcodeLsoa(organisation=org, postcode="NB1 3AA", lsoa11_code="E01099999"),  # no reference data
            PostcodeLsoa(organisation=other_org, postcode="NB5 5AA", lsoa11_code="E01000002"),
        ]
    )


@pytest.mark.django_db
def test_decile_lookups_in_one_query(
    org: Organisation, other_org: Organisation, deciles: None, django_assert_num_queries
) -> None:
    asked = ["nb11aa", "NB1 2AB", "NB1 3AA", "NB5 5AA", "rubbish", ""]
    with django_assert_num_queries(1):
        found = imd_deciles_for_postcodes(org, asked)
    assert found == {"nb11aa": 1, "NB1 2AB": 7}  # NB5 5AA is only in the other organisation's lookup
    assert imd_deciles_for_postcodes(other_org, asked) == {"NB5 5AA": 7}
    with django_assert_num_queries(0):
        assert imd_deciles_for_postcodes(org, ["rubbish"]) == {}
    assert imd_decile_for_postcode(org, "NB1 1AA") == 1
    assert imd_decile_for_postcode(org, "NB5 5AA") is None
    assert imd_decile_for_postcode(org, "NB1 3AA") is None


@pytest.mark.django_db
def test_decile_subquery_for_people(org: Organisation, other_org: Organisation, deciles: None) -> None:
    Person.objects.create(organisation=org, full_name="A Parent", postcode="NB1 2AB")
    Person.objects.create(organisation=org, full_name="B Parent", postcode="NB5 5AA")
    Person.objects.create(organisation=other_org, full_name="C Parent", postcode="NB5 5AA")
    rows = dict(Person.objects.annotate(decile=imd_decile_subquery()).values_list("full_name", "decile"))
    assert rows == {"A Parent": 7, "B Parent": None, "C Parent": 7}


@pytest.mark.django_db
def test_the_command_imports_a_file(org: Organisation, areas: None, tmp_path: Path) -> None:
    path = tmp_path / "ONSPD.csv"
    path.write_bytes(_csv(_row("NB1 1AA", "E01000001"), _row("TS1 1AA", "E01000003", area=THEIRS)).getvalue())
    out = io.StringIO()
    call_command("import_postcode_lookup", "northby", str(path), stdout=out)
    assert "rows read: 2" in out.getvalue() and "postcodes kept: 1" in out.getvalue()
    assert _lookup(org) == {"NB1 1AA": "E01000001"}
    with pytest.raises(CommandError, match="slug"):
        call_command("import_postcode_lookup", "nowhere", str(path))
    path.write_text("pcds\nNB1 1AA\n")
    with pytest.raises(CommandError, match="lsoa11, oslaua"):
        call_command("import_postcode_lookup", "northby", str(path))


@pytest.mark.django_db
def test_demo_lookup_covers_the_demo_postcodes_across_all_deciles(org: Organisation) -> None:
    postcodes_ = [f"NB{d} {s}{a}{b}" for d in range(1, 10) for s in range(1, 10) for a in "ABD" for b in "EF"]
    assert seed_demo_postcodes(org, postcodes_) == len(postcodes_)
    assert set(PostcodeLsoa.objects.values_list("lsoa11_code", flat=True)) == set(DEMO_LSOA_BY_DECILE.values())
    # Works before the reference data is loaded; the deciles appear once it is.
    assert imd_decile_for_postcode(org, "NB1 1AE") is None
    LsoaDeprivation.objects.bulk_create(
        [LsoaDeprivation(lsoa11_code=code, imd_decile=decile) for decile, code in DEMO_LSOA_BY_DECILE.items()]
    )
    assert set(imd_deciles_for_postcodes(org, postcodes_).values()) == set(range(1, 11))
    Person.objects.create(organisation=org, full_name="A Parent", postcode="NB4 2XY")
    assert seed_demo_postcodes(org) == 1  # by default: its people's and hubs' postcodes
    assert list(PostcodeLsoa.objects.values_list("postcode", flat=True)) == ["NB4 2XY"]


def test_demo_neighbourhoods_have_the_deciles_claimed() -> None:
    """The shipped IMD file agrees with the decile each demo neighbourhood is used for."""
    path = Path(postcodes.__file__).parent / "data" / "ons" / "imd2019_england_lsoa11.csv"
    wanted = {code: decile for decile, code in DEMO_LSOA_BY_DECILE.items()}
    found = {}
    with path.open(encoding="utf-8-sig") as handle:
        for line in handle:
            code, decile = line.split(",")[:2]
            if code in wanted:
                found[code] = int(float(decile))
    assert found == wanted
