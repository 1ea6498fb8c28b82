"""The population figures set-up pages: who may use them, choosing areas, uploading benchmarks and the postcode
lookup, and the query count of the overview page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coproduce.core.models import AuditEvent
from coproduce.insights import views_setup
from coproduce.insights.benchmarks import benchmark_import
from coproduce.insights.models import Benchmark, BenchmarkValue, LocalAuthority, OrganisationArea, PostcodeLsoa
from coproduce.organisations.models import Role
from tests.cast import client_for, make_member

CREDIT = (
    "Contains Office for National Statistics data: Census 2021 and English Indices of Deprivation 2019 (Ministry of "
    "Housing, Communities and Local Government)"
)
MANAGE_PAGES = ["insights:setup", "insights:areas", "insights:benchmark_upload", "insights:benchmark_template",
                "insights:postcodes"]  # fmt: skip


@pytest.fixture
def lead(org):
    return make_member(org, "lead@example.org", Role.LEAD, "Lee Lead")


@pytest.fixture
def lead_client(lead):
    return client_for(lead)


@pytest.fixture
def authorities(db) -> dict[str, LocalAuthority]:
    return {
        code: LocalAuthority.objects.create(code=code, name=name, total_population=population)
        for code, name, population in (
            ("E06000001", "Hartlepool", 92_338),
            ("E06000002", "Middlesbrough", 143_924),
            ("E06000003", "Redcar and Cleveland", 136_531),
            ("E06000004", "Stockton-on-Tees", 196_595),
        )
    }


def _csv(text: str, name: str = "figures.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


# Who may use the pages ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url_name", MANAGE_PAGES)
@pytest.mark.parametrize("role", [Role.STAFF, Role.PARTNER, Role.VIEWER, Role.DATA_PROTECTION_OFFICER])
def test_only_admins_and_leads_may_set_up_population_figures(org, url_name: str, role: str) -> None:
    client = client_for(make_member(org, f"{role}@example.org", role))
    assert client.get(reverse(url_name)).status_code == 403
    assert client.post(reverse(url_name)).status_code == 403


@pytest.mark.parametrize("url_name", MANAGE_PAGES)
def test_admins_and_leads_see_the_pages(admin_client_, lead_client, url_name: str) -> None:
    assert admin_client_.get(reverse(url_name)).status_code == 200
    assert lead_client.get(reverse(url_name)).status_code == 200


def test_signed_out_people_are_sent_to_sign_in(client, org) -> None:
    response = client.get(reverse("insights:setup"))
    assert response.status_code == 302
    assert "login" in response["Location"]


# The overview -------------------------------------------------------------------------------------------------------


def test_the_overview_shows_areas_benchmarks_postcodes_and_the_credit(admin_client_, org, admin, authorities) -> None:
    OrganisationArea.objects.create(organisation=org, local_authority=authorities["E06000001"])
    benchmark_import(
        organisation=org, actor=admin, file=b"characteristic,category,count\nsex,female,3\nsex,male,4\n", source="JSNA"
    )
    PostcodeLsoa.objects.create(organisation=org, postcode="NB1 1AA", lsoa11_code="E01000001")
    PostcodeLsoa.objects.create(organisation=org, postcode="NB1 1AB", lsoa11_code="E01000001")
    response = admin_client_.get(reverse("insights:setup"))
    content = response.content.decode()
    assert "Population figures – Insights" in content
    assert "Hartlepool" in content and "E06000001" in content and "92,338" in content
    benchmark = Benchmark.objects.get(organisation=org)
    assert response.context["benchmarks"][0]["benchmark"].category_count == 2
    assert reverse("insights:benchmark_delete", kwargs={"benchmark_id": benchmark.pk}) in content
    assert response.context["postcodes"] == {"postcodes": 2, "neighbourhoods": 1}
    assert CREDIT in content
    assert "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/" in content


def test_the_overview_shows_only_this_organisations_figures(admin_client_, org, other_org, stranger, authorities):
    OrganisationArea.objects.create(organisation=other_org, local_authority=authorities["E06000002"])
    benchmark_import(organisation=other_org, actor=stranger, file=b"characteristic,category,count\nsex,male,4\n",
                     source="Southby survey")  # fmt: skip
    PostcodeLsoa.objects.create(organisation=other_org, postcode="SB1 1AA", lsoa11_code="E01000002")
    response = admin_client_.get(reverse("insights:setup"))
    content = response.content.decode()
    assert "Middlesbrough" not in content and "Southby survey" not in content
    assert response.context["postcodes"] == {"postcodes": 0, "neighbourhoods": 0}


def test_the_overview_query_count_does_not_grow(admin_client_, org, admin, authorities) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin_client_.get(reverse("insights:setup")).status_code == 200
        return len(captured)

    OrganisationArea.objects.create(organisation=org, local_authority=authorities["E06000001"])
    benchmark_import(organisation=org, actor=admin, file=b"characteristic,category,count\nsex,male,4\n", source="A")
    small = queries()
    for code in ("E06000002", "E06000003", "E06000004"):
        OrganisationArea.objects.create(organisation=org, local_authority=authorities[code])
    benchmark_import(
        organisation=org,
        actor=admin,
        file=b"characteristic,category,share\nlone_parent,yes,20%\nlone_parent,no,80%\nsend_in_family,yes,0.1\n",
        source="B",
    )
    assert queries() == small


# Areas --------------------------------------------------------------------------------------------------------------


def test_searching_by_name_or_code(admin_client_, org, authorities) -> None:
    url = reverse("insights:areas")
    response = admin_client_.get(url, {"q": "pool"})
    assert [la.code for la in response.context["matches"]] == ["E06000001"]
    response = admin_client_.get(url, {"q": "e06000004"})
    assert [la.code for la in response.context["matches"]] == ["E06000004"]
    response = admin_client_.get(url, {"q": "nowhere"})
    assert "No local authority matches ‘nowhere’" in response.content.decode()


def test_search_shows_at_most_20(admin_client_, db) -> None:
    LocalAuthority.objects.bulk_create(
        LocalAuthority(code=f"E07{index:06d}", name=f"Testshire {index}", total_population=1) for index in range(25)
    )
    response = admin_client_.get(reverse("insights:areas"), {"q": "testshire"})
    assert len(response.context["matches"]) == 20
    assert "Only the first 20 are shown" in response.content.decode()


def test_adding_and_removing_an_area(admin_client_, org, admin, authorities) -> None:
    url = reverse("insights:areas")
    response = admin_client_.post(url, {"action": "add", "code": "E06000001", "q": "pool"}, follow=True)
    assert response.redirect_chain[-1][0] == f"{url}?q=pool"
    assert "Hartlepool added to your areas." in response.content.decode()
    assert list(OrganisationArea.objects.filter(organisation=org).values_list("local_authority__code", flat=True)) == [
        "E06000001"
    ]
    created = AuditEvent.objects.get(organisation=org, action=AuditEvent.Action.CREATE)
    assert created.actor == admin and created.object_type == "insights.OrganisationArea"

    response = admin_client_.post(url, {"action": "remove", "code": "E06000001"}, follow=True)
    assert "Hartlepool removed from your areas." in response.content.decode()
    assert not OrganisationArea.objects.filter(organisation=org).exists()
    assert AuditEvent.objects.filter(organisation=org, action=AuditEvent.Action.DELETE).count() == 1


def test_adding_an_area_already_chosen_is_a_message_not_an_error(admin_client_, org, authorities) -> None:
    OrganisationArea.objects.create(organisation=org, local_authority=authorities["E06000001"])
    response = admin_client_.post(reverse("insights:areas"), {"action": "add", "code": "E06000001"}, follow=True)
    assert response.status_code == 200
    assert "Hartlepool is already one of your areas." in response.content.decode()
    assert OrganisationArea.objects.filter(organisation=org).count() == 1
    assert not AuditEvent.objects.filter(organisation=org, object_type="insights.OrganisationArea").exists()


def test_an_unknown_code_is_a_message(admin_client_, org) -> None:
    response = admin_client_.post(reverse("insights:areas"), {"action": "add", "code": "X99"}, follow=True)
    assert "No local authority has the code X99." in response.content.decode()


def test_removing_leaves_other_organisations_areas_alone(admin_client_, org, other_org, authorities) -> None:
    OrganisationArea.objects.create(organisation=other_org, local_authority=authorities["E06000001"])
    response = admin_client_.post(reverse("insights:areas"), {"action": "remove", "code": "E06000001"}, follow=True)
    assert "That area is not one of your areas" in response.content.decode()
    assert OrganisationArea.objects.filter(organisation=other_org).count() == 1


# Benchmark upload ---------------------------------------------------------------------------------------------------


def test_uploading_figures(admin_client_, org, admin) -> None:
    upload = _csv("\ufeffcharacteristic,category,count,share\nlone_parent,Yes,,31%\nlone_parent,No,,69%\n")
    response = admin_client_.post(
        reverse("insights:benchmark_upload"), {"file": upload, "source": "Northby JSNA 2025"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("insights:setup")
    assert "Figures saved for: Lone parent." in response.content.decode()
    benchmark = Benchmark.objects.get(organisation=org, characteristic="lone_parent")
    assert benchmark.source == "Northby JSNA 2025"
    assert BenchmarkValue.objects.filter(benchmark=benchmark).count() == 2


def test_a_file_with_problems_shows_every_problem_and_saves_nothing(admin_client_, org) -> None:
    upload = _csv("characteristic,category,count\nethnic_group,Pakistan,5\nsex,female,-1\n")
    response = admin_client_.post(reverse("insights:benchmark_upload"), {"file": upload, "source": "JSNA"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert "<title>Error: Upload your own figures – Insights" in content
    assert "Line 2: ‘Pakistan’ is not a category of ethnic group" in content
    assert "Line 3: the count ‘-1’ must be 0 or more" in content
    assert "Nothing was saved from this file." in content
    assert not Benchmark.objects.exists()


def test_the_list_of_problems_stops_at_50(admin_client_, org) -> None:
    rows = "".join(f"sex,female{index},1\n" for index in range(60))
    upload = _csv("characteristic,category,count\n" + rows)
    response = admin_client_.post(reverse("insights:benchmark_upload"), {"file": upload, "source": "JSNA"})
    errors = response.context["form"].errors["file"]
    assert len(errors) == 51
    assert errors[-1] == "And 10 more problems"
    assert not Benchmark.objects.exists()


def test_the_source_is_required(admin_client_, org) -> None:
    upload = _csv("characteristic,category,count\nsex,female,1\n")
    response = admin_client_.post(reverse("insights:benchmark_upload"), {"file": upload, "source": ""})
    assert "Enter where these figures come from" in response.content.decode()
    assert not Benchmark.objects.exists()


def test_a_file_over_1_mb_is_refused(admin_client_, org) -> None:
    upload = _csv("characteristic,category,count\nsex,female,1\n" + " " * (1024 * 1024))
    response = admin_client_.post(reverse("insights:benchmark_upload"), {"file": upload, "source": "JSNA"})
    assert "It must be 1 MB or smaller" in response.content.decode()
    assert not Benchmark.objects.exists()


def test_the_upload_page_shows_the_format_and_links_the_template(admin_client_) -> None:
    content = admin_client_.get(reverse("insights:benchmark_upload")).content.decode()
    assert reverse("insights:benchmark_template") in content
    assert "characteristic,category,count,share" in content
    assert "Where do these figures come from?" in content


def test_the_template_downloads_as_csv(admin_client_) -> None:
    response = admin_client_.get(reverse("insights:benchmark_template"))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "characteristic,category,count,share"
    assert "lone_parent,Yes,," in lines


# Benchmark delete ---------------------------------------------------------------------------------------------------


def test_deleting_figures_asks_first(admin_client_, org, admin) -> None:
    (benchmark,) = benchmark_import(
        organisation=org, actor=admin, file=b"characteristic,category,count\nsex,male,4\n", source="JSNA"
    )
    url = reverse("insights:benchmark_delete", kwargs={"benchmark_id": benchmark.pk})
    assert "Delete your figures for Sex?" in admin_client_.get(url).content.decode()
    assert Benchmark.objects.filter(pk=benchmark.pk).exists()
    response = admin_client_.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("insights:setup")
    assert not Benchmark.objects.filter(pk=benchmark.pk).exists()
    assert AuditEvent.objects.filter(organisation=org, action=AuditEvent.Action.DELETE).exists()


def test_another_organisations_figures_are_not_found(stranger_client, org, admin) -> None:
    (benchmark,) = benchmark_import(
        organisation=org, actor=admin, file=b"characteristic,category,count\nsex,male,4\n", source="JSNA"
    )
    url = reverse("insights:benchmark_delete", kwargs={"benchmark_id": benchmark.pk})
    assert stranger_client.get(url).status_code == 404
    assert stranger_client.post(url).status_code == 404
    assert Benchmark.objects.filter(pk=benchmark.pk).exists()


def test_staff_may_not_delete_figures(colleague_client, org, admin) -> None:
    (benchmark,) = benchmark_import(
        organisation=org, actor=admin, file=b"characteristic,category,count\nsex,male,4\n", source="JSNA"
    )
    url = reverse("insights:benchmark_delete", kwargs={"benchmark_id": benchmark.pk})
    assert colleague_client.post(url).status_code == 403
    assert Benchmark.objects.filter(pk=benchmark.pk).exists()


# Postcode lookup ----------------------------------------------------------------------------------------------------

ONSPD_HEADER = "pcd,pcds,doterm,oslaua,lsoa11\n"


def test_the_postcode_page_asks_for_areas_first(admin_client_, org) -> None:
    content = admin_client_.get(reverse("insights:postcodes")).content.decode()
    assert "Choose your local authority areas first" in content
    assert reverse("insights:areas") in content
    assert 'enctype="multipart/form-data"' not in content


def test_uploading_the_postcode_lookup(admin_client_, org, authorities) -> None:
    OrganisationArea.objects.create(organisation=org, local_authority=authorities["E06000001"])
    upload = _csv(
        ONSPD_HEADER
        + "x,NB1 1AA,,E06000001,E01000001\n"
        + "x,NB1 1AB,,E06000001,E01000001\n"
        + "x,NB2 1AA,,E06000001,E01000002\n"
        + "x,SB1 1AA,,E06000002,E01000009\n",
        name="ONSPD.csv",
    )
    response = admin_client_.post(reverse("insights:postcodes"), {"file": upload}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("insights:postcodes")
    content = response.content.decode()
    assert "Postcode lookup saved: 3 postcodes in 2 neighbourhoods, from 4 rows in the file." in content
    assert PostcodeLsoa.objects.filter(organisation=org).count() == 3
    assert response.context["postcodes"] == {"postcodes": 3, "neighbourhoods": 2}
    assert "import_postcode_lookup northby" in content


def test_a_file_that_is_not_the_postcode_directory_shows_why(admin_client_, org, authorities) -> None:
    OrganisationArea.objects.create(organisation=org, local_authority=authorities["E06000001"])
    PostcodeLsoa.objects.create(organisation=org, postcode="NB1 1AA", lsoa11_code="E01000001")
    response = admin_client_.post(reverse("insights:postcodes"), {"file": _csv("name,address\nA,B\n")})
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert "This does not look like the ONS Postcode Directory" in content
    assert PostcodeLsoa.objects.filter(organisation=org).count() == 1  # the old lookup is kept


def test_a_postcode_file_over_the_limit_is_refused(admin_client_, org, authorities, settings) -> None:
    settings.INSIGHTS_POSTCODE_MAX_BYTES = 100
    OrganisationArea.objects.create(organisation=org, local_authority=authorities["E06000001"])
    upload = _csv(ONSPD_HEADER + "x,NB1 1AA,,E06000001,E01000001\n" * 10)
    response = admin_client_.post(reverse("insights:postcodes"), {"file": upload})
    assert "This page takes files up to" in response.content.decode()
    assert not PostcodeLsoa.objects.exists()


def test_the_postcode_limit_defaults_to_one_and_a_half_gigabytes(settings) -> None:
    if hasattr(settings, "INSIGHTS_POSTCODE_MAX_BYTES"):
        del settings.INSIGHTS_POSTCODE_MAX_BYTES
    assert views_setup.postcode_max_bytes() == 1536 * 1024 * 1024
    assert views_setup.file_size(views_setup.postcode_max_bytes()) == "1.5 GB"


def test_a_missing_source_and_a_bad_file_are_shown_together(admin_client_, org) -> None:
    upload = _csv("characteristic,category,count\nsex,fem,1\n")
    response = admin_client_.post(reverse("insights:benchmark_upload"), {"file": upload, "source": " "})
    errors = response.context["form"].errors
    assert errors["source"] == ["Enter where these figures come from"]
    assert errors["file"][0].startswith("Line 2: ‘fem’ is not a category of sex")
