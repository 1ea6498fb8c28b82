"""Loading the ONS Census 2021 and IMD 2019 reference data: the shipped files, and crafted broken files refused."""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Sum

from coproduce.insights.models import (
    AreaDeprivation,
    LocalAuthority,
    LsoaDeprivation,
    OrganisationArea,
    PopulationCount,
)
from coproduce.insights.reference_data import (
    ETHNICITY_FILE,
    ETHNICITY_HEADER,
    LSOA_IMD_FILE,
    LSOA_IMD_HEADER,
    LTLA_IMD_FILE,
    LTLA_IMD_HEADER,
    SEX_FILE,
    SEX_HEADER,
    ReferenceDataError,
    load_reference_data,
    parse_reference_data,
)

Characteristic = PopulationCount.Characteristic

GROUPS = [
    "Asian, Asian British or Asian Welsh: Bangladeshi",
    "Asian, Asian British or Asian Welsh: Chinese",
    "Asian, Asian British or Asian Welsh: Indian",
    "Asian, Asian British or Asian Welsh: Other Asian",
    "Asian, Asian British or Asian Welsh: Pakistani",
    "Black, Black British, Black Welsh, Caribbean or African: African",
    "Black, Black British, Black Welsh, Caribbean or African: Caribbean",
    "Black, Black British, Black Welsh, Caribbean or African: Other Black",
    "Mixed or Multiple ethnic groups: Other Mixed or Multiple ethnic groups",
    "Mixed or Multiple ethnic groups: White and Asian",
    "Mixed or Multiple ethnic groups: White and Black African",
    "Mixed or Multiple ethnic groups: White and Black Caribbean",
    "Other ethnic group: Any other ethnic group",
    "Other ethnic group: Arab",
    "White: English, Welsh, Scottish, Northern Irish or British",
    "White: Gypsy or Irish Traveller",
    "White: Irish",
    "White: Other White",
    "White: Roma",
]
AREAS = {"E06000001": "Hartlepool", "W06000001": "Isle of Anglesey"}


def _write(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def _ethnicity_rows() -> list[list[object]]:
    rows: list[list[object]] = []
    for code, name in AREAS.items():
        for index, group in enumerate(GROUPS):
            rows.append([code, name, f"{group} (number)", f"{index + 1}.0"])
            rows.append([code, name, f"{group} (percent)", "5.3"])
    return rows


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """A small, valid set of the four files: two local authorities, three 2019 areas, four neighbourhoods."""
    _write(tmp_path / ETHNICITY_FILE, ETHNICITY_HEADER, _ethnicity_rows())
    _write(
        tmp_path / SEX_FILE,
        SEX_HEADER,
        [["E06000001", "100.0", "60.0", "40.0", "30.0", "20.0"], ["W06000001", "50", "25", "25", "10", "11"]],
    )
    _write(
        tmp_path / LTLA_IMD_FILE,
        LTLA_IMD_HEADER,
        [
            ["E06000001", "35.037", "0.3621", "0.4973", *["0.1"] * 14],
            ["E07000004", "10.5", "0.0", "0.0", *["0.1"] * 14],  # a 2019 district merged by 2021
        ],
    )
    _write(
        tmp_path / LSOA_IMD_FILE,
        LSOA_IMD_HEADER,
        [[f"E0100000{n}", f"{n}.0", *["5.0"] * 7, *["100.0"] * 8] for n in (1, 2, 3, 9)],
    )
    return tmp_path


def _replace_line(path: Path, line: int, text: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[line - 1] = text
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _nothing_written() -> bool:
    return not (
        LocalAuthority.objects.exists()
        or PopulationCount.objects.exists()
        or AreaDeprivation.objects.exists()
        or LsoaDeprivation.objects.exists()
    )


@pytest.mark.django_db
def test_the_shipped_files_load_and_load_again_the_same() -> None:
    """The one full-file test (about 40,000 rows): counts, Hartlepool's figures, and a second load changes nothing."""
    counts = load_reference_data()
    assert counts == {
        "local_authorities": 331,
        "population_counts": 331 * (19 + 4),
        "area_deprivation": 317,
        "lsoa_deprivation": 32_844,
    }
    hartlepool = LocalAuthority.objects.get(code="E06000001")
    assert hartlepool.name == "Hartlepool"
    assert hartlepool.total_population == 92_347
    ethnic = PopulationCount.objects.filter(local_authority=hartlepool, characteristic=Characteristic.ETHNIC_GROUP)
    assert ethnic.get(category="Asian, Asian British or Asian Welsh: Bangladeshi").count == 278
    assert ethnic.count() == 19
    assert not ethnic.filter(category__contains="(").exists()
    sexes = dict(
        PopulationCount.objects.filter(local_authority=hartlepool, characteristic=Characteristic.SEX).values_list(
            "category", "count"
        )
    )
    assert sexes == {"Female": 47_656, "Male": 44_691}
    per_area = (
        PopulationCount.objects.filter(characteristic=Characteristic.ETHNIC_GROUP)
        .values("local_authority")
        .annotate(groups=Count("category"))
    )
    assert {row["groups"] for row in per_area} == {19}
    assert PopulationCount.objects.values("category").filter(characteristic="ethnic_group").distinct().count() == 19
    area = AreaDeprivation.objects.get(code="E06000001")
    assert (str(area.imd_average_score), str(area.proportion_most_deprived_10)) == ("35.037", "0.3621")
    assert area.local_authority == hartlepool
    assert AreaDeprivation.objects.filter(local_authority=None).count() == 11  # 2019 districts merged by 2021
    assert LsoaDeprivation.objects.get(lsoa11_code="E01000001").imd_decile == 9
    assert LsoaDeprivation.objects.filter(imd_decile=1).count() == 3_284
    before = list(LocalAuthority.objects.order_by("code").values_list("pk", "code", "total_population"))
    total = PopulationCount.objects.aggregate(total=Sum("count"))["total"]

    assert load_reference_data() == counts

    assert list(LocalAuthority.objects.order_by("code").values_list("pk", "code", "total_population")) == before
    assert PopulationCount.objects.aggregate(total=Sum("count"))["total"] == total
    assert LsoaDeprivation.objects.count() == 32_844


@pytest.mark.django_db
def test_small_files_load_and_reloading_keeps_organisation_areas(small: Path, org) -> None:
    assert load_reference_data(small) == {
        "local_authorities": 2,
        "population_counts": 2 * (19 + 4),
        "area_deprivation": 2,
        "lsoa_deprivation": 4,
    }
    anglesey = LocalAuthority.objects.get(code="W06000001")
    assert (anglesey.name, anglesey.total_population) == ("Isle of Anglesey", 50)
    assert (
        PopulationCount.objects.get(
            local_authority=anglesey, characteristic=Characteristic.SEX_AGED_16_64, category="Male"
        ).count
        == 11
    )
    assert PopulationCount.objects.get(local_authority=anglesey, category="White: Roma").count == 19
    assert AreaDeprivation.objects.get(code="E07000004").local_authority is None
    area = OrganisationArea.objects.create(organisation=org, local_authority=anglesey)

    load_reference_data(small)

    area.refresh_from_db()
    assert area.local_authority == LocalAuthority.objects.get(code="W06000001")
    assert PopulationCount.objects.count() == 2 * (19 + 4)


@pytest.mark.django_db
def test_an_area_an_organisation_uses_cannot_disappear(small: Path, org) -> None:
    load_reference_data(small)
    OrganisationArea.objects.create(organisation=org, local_authority=LocalAuthority.objects.get(code="W06000001"))
    _write(small / ETHNICITY_FILE, ETHNICITY_HEADER, [r for r in _ethnicity_rows() if r[0] == "E06000001"])
    _write(small / SEX_FILE, SEX_HEADER, [["E06000001", "7", "3", "4", "1", "1"]])

    with pytest.raises(ReferenceDataError, match="W06000001"):
        load_reference_data(small)

    assert LocalAuthority.objects.get(code="E06000001").total_population == 100  # rolled back
    assert LocalAuthority.objects.count() == 2


def _refused(directory: Path, django_assert_num_queries) -> ReferenceDataError:
    """Loading is refused before any query is made."""
    with django_assert_num_queries(0), pytest.raises(ReferenceDataError) as caught:
        load_reference_data(directory)
    assert _nothing_written()
    assert "nothing was changed" in str(caught.value)
    return caught.value


@pytest.mark.django_db
def test_a_bad_header_is_refused(small: Path, django_assert_num_queries) -> None:
    _replace_line(small / SEX_FILE, 1, "ltla21_code,total_population,total_females,total_males,females,males")
    error = _refused(small, django_assert_num_queries)
    assert error.problems == [
        f"{SEX_FILE}:1: the header should be {','.join(SEX_HEADER)} but is "
        "ltla21_code,total_population,total_females,total_males,females,males"
    ]


@pytest.mark.django_db
def test_a_bad_number_is_refused(small: Path, django_assert_num_queries) -> None:
    _replace_line(small / ETHNICITY_FILE, 4, f'E06000001,Hartlepool,"{GROUPS[1]} (number)",lots')
    error = _refused(small, django_assert_num_queries)
    assert error.problems == [f"{ETHNICITY_FILE}:4: value 'lots' is not a whole number of 0 or more"]
    assert f"{ETHNICITY_FILE}:4: value 'lots'" in str(error)


@pytest.mark.django_db
def test_a_missing_ethnic_group_is_refused(small: Path, django_assert_num_queries) -> None:
    rows = [row for row in _ethnicity_rows() if not (row[0] == "W06000001" and row[2] == "White: Irish (number)")]
    _write(small / ETHNICITY_FILE, ETHNICITY_HEADER, rows)
    error = _refused(small, django_assert_num_queries)
    # W06000001 starts on line 2 + 2 * 19 = 40
    assert error.problems == [f"{ETHNICITY_FILE}:40: W06000001 has no count for White: Irish"]


@pytest.mark.django_db
def test_an_ethnic_group_missing_everywhere_is_refused(small: Path, django_assert_num_queries) -> None:
    rows = [row for row in _ethnicity_rows() if row[2] != "White: Roma (number)"]
    _write(small / ETHNICITY_FILE, ETHNICITY_HEADER, rows)
    error = _refused(small, django_assert_num_queries)
    assert len(error.problems) == 1
    assert error.problems[0].startswith(f"{ETHNICITY_FILE}: found 18 ethnic groups, expected the 19")


@pytest.mark.django_db
def test_decile_11_is_refused(small: Path, django_assert_num_queries) -> None:
    _replace_line(small / LSOA_IMD_FILE, 3, ",".join(["E01000002", "11.0", *["5.0"] * 7, *["100.0"] * 8]))
    error = _refused(small, django_assert_num_queries)
    assert error.problems == [f"{LSOA_IMD_FILE}:3: IMD_decile '11.0' should be from 1 to 10"]


@pytest.mark.django_db
def test_every_problem_in_every_file_is_reported_at_once(small: Path, django_assert_num_queries) -> None:
    _replace_line(small / LSOA_IMD_FILE, 2, ",".join(["X01000001", "0", *["5.0"] * 7, *["100.0"] * 8]))
    _replace_line(small / LTLA_IMD_FILE, 3, ",".join(["E07000004", "high", "1.5", "0.1", *["0.1"] * 14]))
    _replace_line(small / SEX_FILE, 3, "W06000001,50,25,24,10,11")
    error = _refused(small, django_assert_num_queries)
    assert error.problems == [
        f"{SEX_FILE}:3: total_females 25 and total_males 24 do not add up to total_population 50",
        f"{LTLA_IMD_FILE}:3: Score 'high' is not a number of 0 or more",
        f"{LTLA_IMD_FILE}:3: Proportion '1.5' is a proportion and cannot be more than 1",
        f"{LSOA_IMD_FILE}:2: lsoa11_code 'X01000001' is not an ONS code like E01000001",
        f"{LSOA_IMD_FILE}:2: IMD_decile '0' should be from 1 to 10",
    ]


def test_validation_needs_no_database(small: Path) -> None:
    """Without the `db` mark any query would fail, so checking the files is query-free."""
    parsed = parse_reference_data(small)
    assert parsed.populations == {"E06000001": 100, "W06000001": 50}
    assert len(parsed.counts) == 2 * 23
    _replace_line(small / SEX_FILE, 2, "E0600000,100,60,40,30,20")
    with pytest.raises(ReferenceDataError) as caught:
        parse_reference_data(small)
    assert caught.value.problems[0] == f"{SEX_FILE}:2: ltla21_code 'E0600000' is not an ONS code like E06000001"


def test_a_missing_file_is_refused(small: Path) -> None:
    (small / LTLA_IMD_FILE).unlink()
    with pytest.raises(ReferenceDataError, match=f"{LTLA_IMD_FILE}: the file is missing"):
        parse_reference_data(small)


@pytest.mark.django_db
def test_a_failed_load_leaves_the_previous_data(small: Path) -> None:
    load_reference_data(small)
    _replace_line(small / LSOA_IMD_FILE, 2, ",".join(["E01000001", "11", *["5.0"] * 7, *["100.0"] * 8]))
    with pytest.raises(ReferenceDataError):
        load_reference_data(small)
    assert LsoaDeprivation.objects.get(lsoa11_code="E01000001").imd_decile == 1
    assert LocalAuthority.objects.count() == 2


@pytest.mark.django_db
def test_the_command_prints_the_counts_and_the_time(small: Path) -> None:
    out = StringIO()
    call_command("load_reference_data", directory=str(small), stdout=out)
    assert "local authorities: 2" in out.getvalue()
    assert "lsoa deprivation: 4" in out.getvalue()
    assert "Reference data loaded in" in out.getvalue()
    _replace_line(small / LSOA_IMD_FILE, 2, ",".join(["E01000001", "11", *["5.0"] * 7, *["100.0"] * 8]))
    with pytest.raises(CommandError, match=f"{LSOA_IMD_FILE}:2: IMD_decile"):
        call_command("load_reference_data", directory=str(small), stdout=StringIO())
