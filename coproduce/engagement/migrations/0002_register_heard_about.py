# How a walk-in heard about the activity, asked when they are added to the register.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("engagement", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="attendance",
            name="heard_about",
            field=models.CharField(
                blank=True,
                choices=[
                    ("hub", "At the family hub, or from staff"),
                    ("friend", "From a friend or family member"),
                    ("school_or_health", "From a school, nursery, health visitor or GP"),
                    ("social_media", "Social media or a website"),
                    ("poster", "A poster or leaflet"),
                    ("passing", "They were passing or already here"),
                    ("other", "Another way"),
                ],
                max_length=20,
                verbose_name="how they heard about it",
            ),
        ),
    ]
