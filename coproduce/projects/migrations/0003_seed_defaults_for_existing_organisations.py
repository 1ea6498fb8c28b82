"""Give organisations that existed before projects the brief's eight stakeholder groups and the default parts of
the family's journey (new organisations get them when they are created)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from coproduce.core.models import uuid7
    from coproduce.projects.defaults import JOURNEY_AREAS
    from coproduce.stakeholders.defaults import EIGHT_GROUPS

    Organisation = apps.get_model("organisations", "Organisation")
    StakeholderGroup = apps.get_model("stakeholders", "StakeholderGroup")
    JourneyArea = apps.get_model("projects", "JourneyArea")
    for organisation in Organisation.objects.all():
        have = set(StakeholderGroup.objects.filter(organisation=organisation).values_list("key", flat=True))
        StakeholderGroup.objects.bulk_create(
            [
                StakeholderGroup(
                    id=uuid7(),
                    organisation=organisation,
                    key=key,
                    name=str(name),
                    description=str(description),
                    outreach_prompt=str(prompt),
                    order=(i + 1) * 10,
                )
                for i, (key, name, description, prompt) in enumerate(EIGHT_GROUPS)
                if key not in have
            ]
        )
        names = set(JourneyArea.objects.filter(organisation=organisation).values_list("name", flat=True))
        JourneyArea.objects.bulk_create(
            [
                JourneyArea(id=uuid7(), organisation=organisation, name=str(name), order=(i + 1) * 10)
                for i, name in enumerate(JOURNEY_AREAS)
                if str(name) not in names
            ]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0002_initial"),
        ("stakeholders", "0001_initial"),
        ("organisations", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
