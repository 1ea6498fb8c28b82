"""Demo publishing for Northby: the public site's settings (contacts, the languages families read), a glossary, the
Start for Life offer (a published version and a draft of the next), wins, and three activities shown on the public
site with translations of what will happen (Polish, Arabic and Urdu: right to left).

Call `seed_demo_publishing(organisation)` after the demo activities and decisions. Running it twice does nothing
the second time. The translations were written for the demo and are short on purpose.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from coproduce.decisions.models import Promise, PromiseStatus
from coproduce.engagement.models import Activity
from coproduce.organisations.models import Membership, Organisation
from coproduce.projects.models import Project
from coproduce.publishing.models import GlossaryTerm, Offer, OfferVersion, PublicSite, Win

GLOSSARY = [
    (
        "SEND",
        "Special educational needs and disabilities",
        "When a child or young person needs extra help with learning, or has a disability.",
    ),
    (
        "Family hub",
        "",
        "A place, often a children's centre, where families can get help from pregnancy until their "
        "children are 19 (25 with special educational needs and disabilities).",
    ),
    (
        "Start for Life",
        "",
        "Support for families from pregnancy until their baby is 2: feeding, health visits, "
        "parenting, and help with how you feel.",
    ),
    (
        "Health visitor",
        "",
        "A nurse who visits families at home and at the hub to check how babies and children are "
        "growing, and to help parents.",
    ),
    ("Co-production", "", "Families, staff and partners planning and improving services together, as equals."),
    (
        "EHCP",
        "Education, health and care plan",
        "A legal document that says what support a child with special educational needs must get.",
    ),
]

START_FOR_LIFE = """Every family can get help from pregnancy until their baby is 2. You do not need a referral:
just come along, or call us.

## Feeding your baby
- Baby feeding cafe: Tuesdays 10:30 to 12:00 at Eastfield Family Hub. Breast, bottle or both: everyone is welcome.
- Breastfeeding peer support: Wednesdays 9:00 at Riverside Library, with mums who have been there.
- Call a feeding helper any day: 01632 960 100.

## Health visiting
A health visitor will see you before your baby is born, when your baby is 10 to 14 days old, and at 6 to 8 weeks,
1 year and 2 years. You can also see them at any hub drop-in.

## How you feel
Lots of parents feel low or anxious. Talk to your health visitor or midwife, or come to a hub: we can help you get
support quickly.

## Money and help at home
We can help you check what money you can get, find baby clothes and equipment, and get help with housing."""

CO_PRODUCED = "14 parents from the feeding project, Northby Parent Carer Forum and the health visiting team."

WINS = [
    (
        "The feeding group now starts at 10:30",
        "You told us 9:30 clashed with the school run. The Tuesday group now "
        "starts at 10:30, and more parents come every week.",
        "Move the Tuesday feeding group",
        12,
        True,
        {
            "pl": {
                "title": "Grupa karmienia zaczyna się teraz o 10:30",
                "story": "Powiedzieliście nam, że 9:30 koliduje z odprowadzaniem dzieci do szkoły. Grupa we wtorki "
                "zaczyna się teraz o 10:30.",
            },
            "ar": {
                "title": "مجموعة الرضاعة تبدأ الآن الساعة 10:30",
                "story": "أخبرتمونا أن الساعة 9:30 تتعارض مع توصيل الأطفال إلى المدرسة. تبدأ مجموعة يوم الثلاثاء "
                "الآن الساعة 10:30.",
            },
        },
    ),
    (
        "A Saturday group for dads",
        "Dads asked for a group that was for them. Twelve dads and their children came to the "
        "first Saturday morning group at Northby Central.",
        "Saturday morning dads",
        35,
        True,
        {},
    ),
    (
        "Group times in Polish and Urdu",
        "The new timetable is being translated, so more families can read it.",
        None,
        3,
        False,
        {},
    ),
]

PUBLIC_ACTIVITIES = {
    "Design the feeding cafe together": {
        "pl": {
            "description": "Rodzice, położne środowiskowe i pracownicy centrum wspólnie planują nową kawiarnię "
            "karmienia. Przyjdź z dzieckiem: starsze rodzeństwo ma opiekę."
        },
        "ar": {
            "description": "يخطط الآباء والزائرون الصحيون وموظفو المركز معًا لمقهى الرضاعة الجديد. أحضروا "
            "أطفالكم: توجد حضانة للإخوة الأكبر سنًا."
        },
        "ur": {
            "description": "والدین، ہیلتھ وزیٹرز اور مرکز کا عملہ مل کر بچوں کو دودھ پلانے کا نیا کیفے بناتے "
            "ہیں۔ اپنے بچے کو ساتھ لائیں۔"
        },
    },
    "Breastfeeding peer support group": {},
    "Feeding support: tell us what works": {
        "pl": {"description": "Krótka ankieta o wsparciu w karmieniu, na papierze lub online."},
    },
}


@transaction.atomic
def seed_demo_publishing(organisation: Organisation, *, today: dt.date | None = None) -> None:
    if PublicSite.objects.filter(organisation=organisation).exists():
        return
    today = today or timezone.localdate()
    PublicSite.objects.create(
        organisation=organisation,
        get_involved=(
            "Anyone who lives in Northby and is expecting a baby or bringing up children can take part: mums, dads, "
            "carers, grandparents and young people. Come to a session, fill in a questionnaire in your own time, or "
            "talk to us on the phone. We pay for travel and childcare, and we can bring an interpreter."
        ),
        contact_email="getinvolved@northby.example.org",
        contact_phone="01632 960 100",
        contact_text_number="07700 900 100",
        languages=["pl", "ar", "ur"],
        accessibility_contact="getinvolved@northby.example.org",
    )
    for term, stands_for, explanation in GLOSSARY:
        GlossaryTerm.objects.create(
            organisation=organisation, term=term, stands_for=stands_for, explanation=explanation
        )

    lead = (
        Membership.objects.for_organisation(organisation)
        .filter(user__email="priya.shah@example.org")
        .select_related("user")
        .first()
    )
    author = lead.user if lead else None
    offer = Offer.objects.create(
        organisation=organisation,
        title="Our Start for Life offer",
        slug="start-for-life",
        summary="The support every family can get from pregnancy until their baby is 2, and where to find it.",
    )
    OfferVersion.objects.create(
        organisation=organisation,
        offer=offer,
        number=1,
        body=START_FOR_LIFE,
        co_produced_with=CO_PRODUCED,
        reviewed_on=today - dt.timedelta(days=21),
        published_at=timezone.now() - dt.timedelta(days=60),
        created_by=author,
    )
    OfferVersion.objects.create(
        organisation=organisation,
        offer=offer,
        number=2,
        body=START_FOR_LIFE.replace("Tuesdays 10:30 to 12:00", "Tuesdays 10:30 to 12:30"),
        co_produced_with=CO_PRODUCED,
        reviewed_on=today,
        created_by=author,
    )

    feeding = Project.objects.for_organisation(organisation).filter(title__startswith="Redesign the 0–2").first()
    for title, story, promise_start, days_ago, published, translations in WINS:
        promise = (
            Promise.objects.for_organisation(organisation)
            .filter(text__icontains=promise_start, status=PromiseStatus.KEPT)
            .first()
            if promise_start
            else None
        )
        Win.objects.create(
            organisation=organisation,
            project=promise.project if promise else feeding,
            promise=promise,
            title=title,
            story=story,
            happened_on=today - dt.timedelta(days=days_ago),
            published_at=timezone.now() - dt.timedelta(days=days_ago) if published else None,
            translations=translations,
            created_by=author,
        )

    for activity in Activity.objects.for_organisation(organisation).filter(title__in=PUBLIC_ACTIVITIES):
        activity.is_public = True
        activity.translations = PUBLIC_ACTIVITIES[activity.title]
        activity.save(update_fields=["is_public", "translations", "updated_at"])
