"""SVG from reportlab, made fit to inline in a page under our Content-Security-Policy.

The policy forbids inline ``style`` attributes but not SVG presentation attributes, so
``style="fill: red; stroke: none"`` becomes ``fill="red" stroke="none"``. Pure, no Django.
"""

import html
import re

_STYLE = re.compile(r'style="([^"]*)"')


def style_to_attributes(svg: str, *, drop: tuple[str, ...] = ()) -> str:
    """Every ``style="…"`` in ``svg`` as presentation attributes, leaving out ``drop``."""

    def attributes(match):
        attrs = []
        for declaration in match.group(1).split(";"):
            if ":" not in declaration:
                continue
            name, value = (part.strip() for part in declaration.split(":", 1))
            if name not in drop:
                attrs.append(f'{name}="{html.escape(value, quote=True)}"')
        return " ".join(attrs)

    return _STYLE.sub(attributes, svg)
