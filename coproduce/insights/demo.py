"""A small fictional postcode lookup for the demo organisations.

The demo's postcodes use the made-up area "NB" (see coproduce/core/demo.py), so no real lookup covers them. Here
each demo postcode is given a real 2011 neighbourhood (LSOA) code of one real local authority, Hartlepool
(E06000001), chosen so that the demo's people spread across all ten IMD deciles. Only `PostcodeLsoa` rows are
written: the deciles are looked up from the reference data when it is loaded (`load_reference_data`).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from coproduce.insights.models import PostcodeLsoa
from coproduce.insights.postcodes import BATCH_SIZE, postcode_normalise
from coproduce.organisations.models import Hub, Organisation
from coproduce.people.models import Person

DEMO_LOCAL_AUTHORITY = "E06000001"  # Hartlepool
# One Hartlepool neighbourhood for each IMD 2019 decile (1 = most deprived 10% in England, 10 = least deprived).
DEMO_LSOA_BY_DECILE = {
    1: "E01011950",
    2: "E01011954",
    3: "E01011966",
    4: "E01011990",
    5: "E01011967",
    6: "E01011984",
    7: "E01011959",
    8: "E01011960",
    9: "E01011971",
    10: "E01012005",
}


def demo_lsoa_for_postcode(postcode: str) -> str | None:
    """The demo neighbourhood of a postcode: the same postcode always gets the same one. The decile comes from the
    district and sector digits and the unit letters, with the more deprived deciles a little more common, as in
    many family hub areas."""
    normal = postcode_normalise(postcode)
    if normal is None:
        return None
    outward, inward = normal.split(" ")
    district = int("".join(ch for ch in outward if ch.isdigit()) or 0)
    sector = int(inward[0])
    # Letters of the unit spread neighbouring postcodes over nearby deciles.
    spread = (ord(inward[1]) + ord(inward[2])) % 3
    decile = (district + sector + spread) % 12  # 0..11: 0, 1 and 2 fold onto the most deprived deciles
    decile = min(max(decile, 1), 10)
    return DEMO_LSOA_BY_DECILE[decile]


def seed_demo_postcodes(organisation: Organisation, postcodes: Iterable[str] | None = None) -> int:
    """Replace the organisation's lookup with a demo one covering `postcodes`, or by default every postcode of
    its people and hubs (call it after they are created). Returns how many postcodes were written."""
    if postcodes is None:
        postcodes = [
            *Person.objects.filter(organisation=organisation).values_list("postcode", flat=True),
            *Hub.objects.filter(organisation=organisation).values_list("postcode", flat=True),
        ]
    rows: dict[str, str] = {}
    for postcode in postcodes:
        normal = postcode_normalise(postcode)
        lsoa = demo_lsoa_for_postcode(postcode) if normal else None
        if normal and lsoa:
            rows[normal] = lsoa
    objects = [PostcodeLsoa(organisation=organisation, postcode=pc, lsoa11_code=code) for pc, code in rows.items()]
    with transaction.atomic():
        PostcodeLsoa.objects.filter(organisation=organisation).delete()
        PostcodeLsoa.objects.bulk_create(objects, batch_size=BATCH_SIZE)
    return len(objects)
