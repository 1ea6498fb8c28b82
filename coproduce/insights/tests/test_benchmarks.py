"""The organisation's own benchmark tables: checking a CSV file (every problem with its line number), replacing a
benchmark, deleting one, and choosing the local authority areas."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from coproduce.core.models import AuditEvent
from coproduce.insights import benchmarks
from coproduce.insights.benchmarks import benchmark_delete, benchmark_import, benchmark_parse
from coproduce.insights.characteristics import CHARACTERISTICS
from coproduce.insights.models import Benchmark, BenchmarkValue, LocalAuthority, OrganisationArea
from coproduce.stakeholders.models import StakeholderGroup

HEADER = "characteristic,category,count,share\n"


def _file(*rows: str, header: str = HEADER, bom: bool = False) -> io.BytesIO:
    content = (header + "".join(row + "\n" for row in rows)).encode()
    return io.BytesIO((b"\xef\xbb\xbf" if bom else b"") + content)


def _problems(org, *rows: str, **kwargs) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        benchmark_parse(_file(*rows, **kwargs), org)
    return caught.value.messages


def _values(benchmark: Benchmark) -> dict[str, object]:
    return {
        value.category: value.count if value.count is not None else value.share
        for value in BenchmarkValue.objects.filter(benchmark=benchmark)
    }


# Parsing: what is accepted ------------------------------------------------------------------------------------------


def test_it_accepts_codes_and_labels_in_any_case(org) -> None:
    rows = benchmark_parse(
        _file(
            "lone_parent,yes,120,",
            "Lone parent, NO ,380,",
            "ETHNIC_GROUP,asian_pakistani,15,",
            "Ethnic group,  bangladeshi  ,0,",
            "ethnic group,Any other  White background,3,",
        ),
        org,
    )
    found = [(row.line, row.characteristic, row.category, row.count) for row in rows]
    assert found == [
        (2, "lone_parent", "yes", 120),
        (3, "lone_parent", "no", 380),
        (4, "ethnic_group", "asian_pakistani", 15),
        (5, "ethnic_group", "asian_bangladeshi", 0),
        (6, "ethnic_group", "white_other", 3),
    ]


def test_a_code_and_a_label_of_the_same_category_are_a_duplicate(org) -> None:
    problems = _problems(org, "ethnic_group,asian_pakistani,15,", "ethnic_group,Pakistani,1,")
    assert problems == ["Line 3: this category of ethnic group is already on line 2"]


def test_it_accepts_the_census_and_equality_form_names_of_ethnic_groups(org) -> None:
    rows = benchmark_parse(
        io.BytesIO(
            b"characteristic,category,count\n"
            b'ethnic_group,"White: English, Welsh, Scottish, Northern Irish or British",800\n'
            b'ethnic_group,"Asian, Asian British or Asian Welsh: Pakistani",150\n'
            b"ethnic_group,white_irish,5\n"
        ),
        org,
    )
    assert [row.category for row in rows] == ["white_british", "asian_pakistani", "white_irish"]


def test_shares_as_percentages_or_fractions(org) -> None:
    rows = benchmark_parse(_file("send_in_family,yes,,12.5%", "send_in_family,no,,0.875"), org)
    assert [row.share for row in rows] == [Decimal("0.125000"), Decimal("0.875000")]
    assert all(row.count is None for row in rows)


def test_shares_may_add_up_to_a_little_over_100_percent_from_rounding(org) -> None:
    rows = benchmark_parse(_file("sex,female,,50.3%", "sex,male,,50.1%"), org)
    assert len(rows) == 2


def test_a_byte_order_mark_and_a_header_in_capitals_are_fine(org) -> None:
    rows = benchmark_parse(_file("sex,female,10,", header="Characteristic,Category,Count\n", bom=True), org)
    assert rows[0].characteristic == "sex"
    assert rows[0].count == 10


def test_counts_may_have_thousands_separators(org) -> None:
    rows = benchmark_parse(_file('sex,female,"12,345",'), org)
    assert rows[0].count == 12345


def test_main_language_is_normalised_like_equality_answers(org) -> None:
    rows = benchmark_parse(_file("main_language,  polish ,30,", "main_language,BRITISH  sign language,5,"), org)
    assert [row.category for row in rows] == ["Polish", "British Sign Language"]


def test_stakeholder_groups_by_key_or_name_stored_by_id(org, other_org) -> None:
    families = StakeholderGroup.objects.create(organisation=org, key="families", name="Families")
    forum = StakeholderGroup.objects.create(organisation=org, name="Parent carer forum")
    StakeholderGroup.objects.create(organisation=other_org, name="Southby schools")
    rows = benchmark_parse(
        _file("stakeholder_group,FAMILIES,,80%", "stakeholder_group,parent carer  forum,,40%"),
        org,
    )
    # One person can be in several groups: these shares may add up to more than 100%.
    assert [row.category for row in rows] == [str(families.pk), str(forum.pk)]
    problems = _problems(org, "stakeholder_group,Southby schools,,10%")
    assert problems == [
        "Line 2: ‘Southby schools’ is not one of your stakeholder groups. Use one of: Families, Parent carer forum"
    ]


def test_empty_rows_of_a_characteristic_without_figures_are_left_out(org) -> None:
    rows = benchmark_parse(_file("sex,female,,", "sex,male,,", "", "lone_parent,yes,,30%", "lone_parent,no,,70%"), org)
    assert {row.characteristic for row in rows} == {"lone_parent"}


def test_the_template_lists_every_characteristic_and_parses_once_filled_in(org) -> None:
    StakeholderGroup.objects.create(organisation=org, key="families", name="Families")
    rows = benchmarks.template_rows(org)
    assert {row[0] for row in rows} == {characteristic.key for characteristic in CHARACTERISTICS}
    assert all(row[2] == "" and row[3] == "" for row in rows)
    filled = "".join(f'{key},"{category}",{index + 1},\n' for index, (key, category, _count, _share) in enumerate(rows))
    parsed = benchmark_parse(io.BytesIO((HEADER + filled).encode()), org)
    assert len(parsed) == len(rows)


# Parsing: each problem, with its line -------------------------------------------------------------------------------


def test_an_unknown_category_names_the_line_and_the_choices(org) -> None:
    problems = _problems(org, "ethnic_group,white_british,10,", "ethnic_group,Pakistan,5,")
    assert len(problems) == 1
    assert problems[0].startswith(
        "Line 3: ‘Pakistan’ is not a category of ethnic group. Use one of: asian_bangladeshi,"
    )


def test_an_unknown_characteristic(org) -> None:
    problems = _problems(org, "religion,christian,10,")
    assert problems[0].startswith("Line 2: ‘religion’ is not a characteristic. Use one of: imd_quintile, ethnic_group")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("sex,female,12.5,", "Line 2: the count ‘12.5’ must be a whole number, like 1250"),
        ("sex,female,-3,", "Line 2: the count ‘-3’ must be 0 or more"),
        ("sex,female,lots,", "Line 2: the count ‘lots’ must be a whole number, like 1250"),
        ("sex,female,,31", "Line 2: the share ‘31’ must be a number from 0 to 1, like 0.31, or a percentage, like 31%"),
        ("sex,female,,120%", "Line 2: the share ‘120%’ must be from 0% to 100%"),
        (
            "sex,female,,half",
            "Line 2: the share ‘half’ must be a number from 0 to 1, like 0.31, or a percentage, like 31%",
        ),
        ("sex,female,10,0.5", "Line 2: give a count or a share, not both"),
        ("sex,,10,", "Line 2: the category of sex is missing"),
        (",female,10,", "Line 2: the characteristic is missing"),
    ],
)
def test_each_bad_value_has_its_own_message(org, row: str, message: str) -> None:
    assert message in _problems(org, row)


def test_a_characteristic_uses_counts_or_shares_not_both(org) -> None:
    problems = _problems(org, "sex,female,300,", "sex,male,,0.5")
    assert problems == ["Line 3: sex uses counts (line 2), so this line needs a count, not a share"]


def test_shares_must_not_add_up_to_more_than_100_percent(org) -> None:
    problems = _problems(org, "lone_parent,yes,,40%", "lone_parent,no,,0.7")
    assert problems == ["Line 3: the shares of lone parents add up to 110%. They must not add up to more than 100%"]


def test_a_category_given_twice(org) -> None:
    problems = _problems(org, "sex,female,300,", "sex,Female,301,")
    assert problems == ["Line 3: this category of sex is already on line 2"]


def test_a_missing_figure_in_a_characteristic_with_figures(org) -> None:
    problems = _problems(org, "sex,female,300,", "sex,male,,")
    assert problems == ["Line 3: the count or share is missing. Give one, or 0"]


def test_counts_that_are_all_zero(org) -> None:
    assert _problems(org, "sex,female,0,", "sex,male,0,") == [
        "Line 3: the counts of sex are all 0. Give at least one count above 0"
    ]


def test_every_problem_is_reported_in_the_order_of_the_file(org) -> None:
    problems = _problems(
        org,
        "sex,female,300,",
        "ethnic_group,Pakistan,5,",
        "sex,female,2,",
        "lone_parent,yes,,1.5",
        "religion,none,x,",
    )
    assert [problem.split(":")[0] for problem in problems] == ["Line 3", "Line 4", "Line 5", "Line 6", "Line 6"]
    assert "Line 6: the count ‘x’ must be a whole number, like 1250" in problems


@pytest.mark.parametrize(
    ("header", "missing"),
    [
        ("sex,female,10\n", "Missing: characteristic, category, count or share."),
        ("characteristic,category\n", "Missing: count or share."),
        ("characteristic,amount\n", "Missing: category, count or share."),
    ],
)
def test_the_header_must_name_the_columns(org, header: str, missing: str) -> None:
    with pytest.raises(ValidationError) as caught:
        benchmark_parse(io.BytesIO(header.encode() + b"sex,female,10\n"), org)
    assert missing in caught.value.messages[0]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The selected file is empty"),
        (HEADER.encode(), "The file has a header row but no figures under it"),
        (b"PK\x03\x04rest of a workbook", "The selected file is a spreadsheet workbook"),
        (HEADER.encode() + "sex,f\xe9male,1,\n".encode("latin-1"), "The file could not be read as text"),
        (HEADER.encode() + b"sex,female,,\n", "The file has no figures"),
    ],
)
def test_files_that_cannot_be_used(org, content: bytes, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        benchmark_parse(io.BytesIO(content), org)
    assert caught.value.messages[0].startswith(message)


def test_at_most_2000_rows(org) -> None:
    rows = [f"main_language,Language {index},1," for index in range(benchmarks.MAX_ROWS + 1)]
    with pytest.raises(ValidationError) as caught:
        benchmark_parse(_file(*rows), org)
    assert caught.value.messages == ["The file has more than 2,000 rows. Split it into files of 2,000 rows or fewer"]
    assert len(benchmark_parse(_file(*rows[:-1]), org)) == benchmarks.MAX_ROWS


def test_at_most_1_mb(org) -> None:
    content = HEADER.encode() + b"sex,female,1," + b" " * benchmarks.MAX_BYTES + b"\n"
    with pytest.raises(ValidationError) as caught:
        benchmark_parse(io.BytesIO(content), org)
    assert caught.value.messages[0].startswith("The file is 1.1 MB. It must be 1 MB or smaller")


# Importing ----------------------------------------------------------------------------------------------------------


def test_import_saves_each_characteristic_and_audits_it(org, admin) -> None:
    saved = benchmark_import(
        organisation=org,
        actor=admin,
        file=_file("sex,female,300,", "sex,male,280,", "lone_parent,yes,,24%", "lone_parent,no,,76%"),
        source="Northby JSNA 2025",
    )
    assert sorted(benchmark.characteristic for benchmark in saved) == ["lone_parent", "sex"]
    sex = Benchmark.objects.get(organisation=org, characteristic="sex")
    assert sex.source == "Northby JSNA 2025"
    assert sex.uploaded_by == admin
    assert _values(sex) == {"female": 300, "male": 280}
    lone = Benchmark.objects.get(organisation=org, characteristic="lone_parent")
    assert _values(lone) == {"yes": Decimal("0.24"), "no": Decimal("0.76")}
    events = AuditEvent.objects.filter(
        organisation=org, action=AuditEvent.Action.IMPORT, object_type="insights.Benchmark"
    )
    assert events.count() == 2
    assert events.filter(object_id=str(sex.pk), actor=admin).exists()


def test_import_replaces_the_benchmark_of_each_characteristic_in_the_file_only(org, admin) -> None:
    benchmark_import(
        organisation=org,
        actor=admin,
        file=_file("sex,female,300,", "sex,male,280,", "lone_parent,yes,5,"),
        source="Old",
    )
    sex_id = Benchmark.objects.get(organisation=org, characteristic="sex").pk
    benchmark_import(organisation=org, actor=admin, file=_file("sex,female,,51%", "sex,male,,49%"), source="New")
    sex = Benchmark.objects.get(organisation=org, characteristic="sex")
    assert sex.pk == sex_id  # the same benchmark, its figures replaced
    assert sex.source == "New"
    assert _values(sex) == {"female": Decimal("0.51"), "male": Decimal("0.49")}
    assert Benchmark.objects.get(organisation=org, characteristic="lone_parent").source == "Old"
    assert BenchmarkValue.objects.filter(organisation=org).count() == 3


def test_nothing_is_written_when_anything_is_wrong(org, admin) -> None:
    benchmark_import(organisation=org, actor=admin, file=_file("sex,female,300,", "sex,male,280,"), source="Old")
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        benchmark_import(
            organisation=org,
            actor=admin,
            file=_file("sex,female,1,", "sex,male,1,", "lone_parent,maybe,3,"),
            source="New",
        )
    sex = Benchmark.objects.get(organisation=org, characteristic="sex")
    assert sex.source == "Old"
    assert _values(sex) == {"female": 300, "male": 280}
    assert not Benchmark.objects.filter(characteristic="lone_parent").exists()
    assert AuditEvent.objects.count() == before


def test_import_needs_a_source(org, admin) -> None:
    with pytest.raises(ValidationError) as caught:
        benchmark_import(organisation=org, actor=admin, file=_file("sex,female,1,"), source="   ")
    assert caught.value.message_dict == {"source": ["Enter where these figures come from"]}
    assert not Benchmark.objects.exists()


def test_one_organisations_import_leaves_anothers_alone(org, other_org, admin, stranger) -> None:
    benchmark_import(organisation=other_org, actor=stranger, file=_file("sex,female,9,"), source="Southby")
    benchmark_import(organisation=org, actor=admin, file=_file("sex,female,1,"), source="Northby")
    assert Benchmark.objects.get(organisation=other_org).source == "Southby"
    assert _values(Benchmark.objects.get(organisation=other_org)) == {"female": 9}


def test_delete_is_audited(org, admin) -> None:
    (benchmark,) = benchmark_import(organisation=org, actor=admin, file=_file("sex,female,1,"), source="JSNA")
    benchmark_id = benchmark.pk
    benchmark_delete(benchmark=benchmark, actor=admin)
    assert not Benchmark.objects.filter(organisation=org).exists()
    assert not BenchmarkValue.objects.filter(organisation=org).exists()
    assert AuditEvent.objects.filter(
        organisation=org, action=AuditEvent.Action.DELETE, object_id=str(benchmark_id)
    ).exists()


# Areas --------------------------------------------------------------------------------------------------------------


def test_adding_an_area_twice_changes_nothing_the_second_time(org, admin) -> None:
    hartlepool = LocalAuthority.objects.create(code="E06000001", name="Hartlepool", total_population=92_338)
    assert benchmarks.area_add(organisation=org, actor=admin, local_authority=hartlepool) is not None
    assert benchmarks.area_add(organisation=org, actor=admin, local_authority=hartlepool) is None
    assert OrganisationArea.objects.filter(organisation=org).count() == 1
    assert AuditEvent.objects.filter(organisation=org, object_type="insights.OrganisationArea").count() == 1
    area = OrganisationArea.objects.get(organisation=org)
    benchmarks.area_remove(area=area, actor=admin)
    assert not OrganisationArea.objects.filter(organisation=org).exists()
    assert AuditEvent.objects.filter(organisation=org, action=AuditEvent.Action.DELETE).count() == 1
