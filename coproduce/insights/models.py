"""Population benchmarks: ONS Census 2021 and English Indices of Deprivation 2019 reference data.

The reference tables are the same for every organisation (public data, not tenant data), so they have no
organisation. They are replaced as a whole by `coproduce.insights.reference_data.load_reference_data`. Only
`OrganisationArea` (the local authority areas an organisation picks once) belongs to an organisation.

Source: Office for National Statistics, Census 2021; Ministry of Housing, Communities and Local Government,
English Indices of Deprivation 2019. Open Government Licence v3.0.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import TenantModel


class LocalAuthority(models.Model):
    """A lower-tier local authority in England or Wales, on Census 2021 boundaries (ltla21)."""

    code = models.CharField(_("ONS code"), max_length=9, unique=True, help_text=_("For example E06000001."))
    name = models.CharField(_("name"), max_length=200)
    total_population = models.PositiveIntegerField(_("usual residents (Census 2021)"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("local authority")
        verbose_name_plural = _("local authorities")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class PopulationCount(models.Model):
    """How many usual residents of a local authority fall in one category of one characteristic (Census 2021)."""

    class Characteristic(models.TextChoices):
        ETHNIC_GROUP = "ethnic_group", _("Ethnic group")
        SEX = "sex", _("Sex")
        SEX_AGED_16_64 = "sex_aged_16_64", _("Sex, people aged 16 to 64")

    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.CASCADE, related_name="population_counts")
    characteristic = models.CharField(_("characteristic"), max_length=32, choices=Characteristic.choices)
    category = models.CharField(_("category"), max_length=200)
    count = models.PositiveIntegerField(_("count"))

    class Meta:
        ordering = ["local_authority", "characteristic", "category"]
        constraints = [
            # Its index (local authority, characteristic, category) also serves the benchmark query: the counts
            # of one characteristic for an organisation's areas, summed by category. No other index is needed.
            models.UniqueConstraint(
                fields=["local_authority", "characteristic", "category"], name="insights_population_count_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.local_authority_id} {self.characteristic} {self.category}: {self.count}"


class AreaDeprivation(models.Model):
    """The overall Index of Multiple Deprivation 2019 summary of a local authority (2019 boundaries, England).

    `local_authority` is empty for the 2019 districts merged into new authorities by 2021 (for example the
    former Buckinghamshire districts): they have no Census 2021 counterpart.
    """

    code = models.CharField(_("ONS code (2019 boundaries)"), max_length=9, unique=True)
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.SET_NULL, null=True, blank=True, related_name="deprivation"
    )
    imd_average_score = models.DecimalField(_("IMD average score"), max_digits=7, decimal_places=3)
    proportion_most_deprived_10 = models.DecimalField(
        _("proportion of neighbourhoods in the most deprived 10% of England"), max_digits=5, decimal_places=4
    )
    extent = models.DecimalField(_("extent"), max_digits=5, decimal_places=4)

    class Meta:
        ordering = ["code"]
        verbose_name = _("area deprivation")
        verbose_name_plural = _("area deprivation")

    def __str__(self) -> str:
        return f"{self.code}: {self.imd_average_score}"


class LsoaDeprivation(models.Model):
    """The Index of Multiple Deprivation 2019 decile of one neighbourhood (a 2011 lower layer super output area).

    Decile 1 is the most deprived 10% of neighbourhoods in England, decile 10 the least deprived.
    """

    lsoa11_code = models.CharField(_("LSOA code (2011)"), max_length=9, unique=True)
    imd_decile = models.PositiveSmallIntegerField(_("IMD decile"))

    class Meta:
        ordering = ["lsoa11_code"]
        verbose_name = _("neighbourhood deprivation")
        verbose_name_plural = _("neighbourhood deprivation")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(imd_decile__gte=1, imd_decile__lte=10), name="insights_lsoa_imd_decile_1_10"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lsoa11_code}: {self.imd_decile}"


class OrganisationArea(TenantModel):
    """A local authority area an organisation serves: its population benchmarks come from these areas."""

    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["local_authority__name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "local_authority"], name="insights_organisation_area"),
        ]

    def __str__(self) -> str:
        return str(self.local_authority)


class PostcodeLsoa(TenantModel):
    """Which neighbourhood (2011 LSOA) a postcode in the organisation's area is in, from the ONS Postcode Directory.

    Each organisation imports its own copy, keeping only its areas' postcodes; a person's IMD decile is found from
    their postcode through this table and `LsoaDeprivation` (joined by code: the reference data is reloaded as a
    whole, so there is no foreign key to it).
    """

    postcode = models.CharField(_("postcode"), max_length=8, help_text=_("Upper case, one space, like NB1 1AA."))
    lsoa11_code = models.CharField(_("LSOA code (2011)"), max_length=9)

    class Meta:
        ordering = ["postcode"]
        verbose_name = _("postcode neighbourhood")
        verbose_name_plural = _("postcode neighbourhoods")
        constraints = [
            # Its index (organisation, postcode) serves every lookup (one postcode, a list of them, or a subquery
            # per person) and the delete when a lookup is replaced. No other index is needed.
            models.UniqueConstraint(fields=["organisation", "postcode"], name="insights_postcode_lsoa_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.postcode}: {self.lsoa11_code}"


class Involvement(TenantModel):
    """One person taking part in one thing on one day: the record every insight counts from.

    Written when the register says someone came to an activity, or when a person joins a project as a stakeholder
    (`coproduce.insights.involvement`), and removed with what it came from. `snapshot` is the person's equality
    answers as they were then (none when there was nothing we may keep), so later changes don't rewrite who took
    part. Nothing here is shown about one person: insights only count these rows, with small numbers hidden.
    """

    class Kind(models.TextChoices):
        ATTENDED = "attended", _("Came to an activity")
        JOINED_PROJECT = "project", _("Joined a project")

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="involvements")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    occurred_on = models.DateField(_("date"))
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="+")
    activity = models.ForeignKey(
        "engagement.Activity", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    hub = models.ForeignKey("organisations.Hub", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    stakeholder_group = models.ForeignKey(
        "stakeholders.StakeholderGroup", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # How they joined (engagement.JoinWay) for an activity; blank for a project.
    join_way = models.CharField(max_length=10, blank=True)
    # The Attendance or ProjectStakeholder this came from: one involvement each.
    source_id = models.UUIDField()
    snapshot = models.ForeignKey(
        "equality.EqualitySnapshot", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["occurred_on"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "source_id"], name="insights_involvement_source"),
        ]
        indexes = [
            # The scope of every measure: an organisation's records in a period (Scope.involvements).
            models.Index(fields=["organisation", "occurred_on"], name="insights_inv_org_date"),
            # A person's records in order: their first involvement (reach) and their history.
            models.Index(fields=["organisation", "person", "occurred_on"], name="insights_inv_org_person"),
            # One project's records in a period (the project filter).
            models.Index(fields=["project", "occurred_on"], name="insights_inv_project"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_on}"


class Benchmark(TenantModel):
    """An organisation's own population figures for one characteristic, uploaded as a CSV file: for example from
    its Joint Strategic Needs Assessment, its SEND data, or births in the last two years. Replaces the shipped
    Census figures for that characteristic, or gives figures where the Census has none."""

    characteristic = models.CharField(_("characteristic"), max_length=40)
    source = models.CharField(_("where the figures come from"), max_length=200)
    uploaded_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["characteristic"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "characteristic"], name="insights_benchmark_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.characteristic}: {self.source}"


class BenchmarkValue(TenantModel):
    """One category of an organisation's own benchmark: a count, or a share (0 to 1) when only shares are known."""

    benchmark = models.ForeignKey(Benchmark, on_delete=models.CASCADE, related_name="values")
    category = models.CharField(_("category"), max_length=60)
    count = models.PositiveIntegerField(_("count"), null=True, blank=True)
    share = models.DecimalField(_("share"), max_digits=7, decimal_places=6, null=True, blank=True)

    class Meta:
        ordering = ["benchmark", "category"]
        constraints = [
            models.UniqueConstraint(fields=["benchmark", "category"], name="insights_benchmark_value_unique"),
            models.CheckConstraint(
                condition=models.Q(count__isnull=False) | models.Q(share__isnull=False),
                name="insights_benchmark_value_count_or_share",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category}: {self.count if self.count is not None else self.share}"
