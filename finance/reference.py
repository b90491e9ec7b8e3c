"""The budget areas, DSG blocks and categories the seed's tables use.

Installed by a data migration and again by the demo loader and tests (a transactional
test flushes what migrations made). Takes the model classes so migrations can pass
their historical models.
"""

AREAS = [
    ("la-revenue", "Local authority revenue budget", "revenue", False, 1),
    ("schools", "Schools budget (Dedicated Schools Grant)", "schools", True, 2),
    ("capital", "Capital budget", "capital", False, 3),
]
BLOCKS = ["Schools Block", "High Needs Block", "Early Years Block"]
CATEGORIES = [
    ("Spending increases", "Spending increase", 1, False),
    ("Spending reductions", "Spending reduction|Spending decreases|Spending decrease", 2, False),
    ("One-off corrective actions", "One-off corrective action", 3, True),
]


def install(Area, Block, Category):
    for slug, name, kind, ring_fenced, order in AREAS:
        Area.objects.get_or_create(
            slug=slug, defaults={"name": name, "kind": kind, "ring_fenced": ring_fenced, "order": order}
        )
    schools = Area.objects.get(slug="schools")
    for name in BLOCKS:
        Block.objects.get_or_create(area=schools, name=name)
    for name, aliases, order, unheaded in CATEGORIES:
        Category.objects.get_or_create(
            name=name, defaults={"aliases": aliases, "order": order, "for_unheaded_lines": unheaded}
        )
