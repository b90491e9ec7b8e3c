"""What this area asks of the signed-in user, for the home page (see core.attention)."""


def items_for(user):
    return []


from .reportcards.attention import items_for as _report_card_items  # noqa: E402

_indicator_items = items_for


def items_for(user):  # noqa: F811 - report cards add their tasks to this area's list
    return [*_indicator_items(user), *_report_card_items(user)]
