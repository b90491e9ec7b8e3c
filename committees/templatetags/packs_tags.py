"""``{% meeting_packs meeting %}``: the meeting page's pack panel (published versions, newest
first, for everyone; the "Build pack" button for clerks)."""

from django import template
from django.utils.safestring import mark_safe

from committees.packs import html, selectors
from core.documents import sections as live

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


@register.simple_tag(takes_context=True)
def live_section_html(context, section):
    """The same figures the pack prints for this live section, as at its date.

    Anonymous readers get the public rendering (published cards only, no exempt content).
    """
    user = context["request"].user
    ctx = live.Context(as_at=section.as_at, meeting=section.report.meeting, public=not user.is_authenticated, user=user)
    blocks = live.render(section.kind, ctx, title=section.title or section.get_kind_display())
    return mark_safe(html.render_blocks(blocks))  # noqa: S308 - render_blocks escapes every text
