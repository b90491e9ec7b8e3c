"""``{% meeting_packs meeting %}``: the meeting page's pack panel (published versions, newest
first, for everyone; the "Build pack" button for clerks)."""

from django import template

from committees.packs import selectors

register = template.Library()


@register.inclusion_tag("committees/packs/includes/versions.html", takes_context=True)
def meeting_packs(context, meeting):
    user = context["request"].user
    return {
        "meeting": meeting,
        "versions": selectors.versions(meeting),
        "can_build": user.has_perm("committees.add_packbuild", meeting),
        "user": user,
        "csrf_token": context.get("csrf_token"),
    }
