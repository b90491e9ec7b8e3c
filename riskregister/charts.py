"""Geometry for the risk page's score-history chart (drawn as inline SVG by the template),
in the product's one chart style (core.svg): sans-serif text, full column width, a sentence
instead of a one-point chart, and the figures as text."""

import math

from core.svg import WEB_FONTS, text_width

WIDTH, HEIGHT = 640, 260
NARROW = 360  # a phone's column: drawn narrower so its 13-unit text stays about 13 px
FONT_SIZE = 13
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 40
INSET = 36  # keeps the first and last date labels inside the picture
MAX_SCORE = 25


def score_history_chart(points, width=WIDTH):
    """``points``: (label, current score, target score) oldest first -> coordinates for the SVG
    drawn ``width`` units wide (``WIDTH`` for a page's column, ``NARROW`` for a phone's)."""
    inset = INSET
    plot_w, plot_h = width - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    n = len(points)
    # Date labels: every k-th one when they would overlap, always the latest.
    label_w = max((text_width(label, FONT_SIZE) for label, _, _ in points), default=0) + 8
    slot = (plot_w - 2 * inset) / max(n - 1, 1)
    every = max(1, math.ceil(label_w / slot)) if n > 1 else 1

    def x(i):
        span = plot_w - 2 * inset
        return LEFT + inset + (span / 2 if n == 1 else span * i / (n - 1))

    def y(score):
        return TOP + plot_h * (1 - score / MAX_SCORE)

    marks = [
        {"x": round(x(i), 1), "y": round(y(cur), 1), "ty": round(y(tgt), 1), "label": label, "score": cur,
         "target": tgt, "show_label": (n - 1 - i) % every == 0}
        for i, (label, cur, tgt) in enumerate(points)
    ]
    return {
        "width": width,
        "height": HEIGHT,
        "left": LEFT,
        "right": width - RIGHT,
        "bottom": HEIGHT - BOTTOM,
        "label_y": HEIGHT - BOTTOM + 18,
        "gridlines": [{"y": round(y(s), 1), "score": s} for s in (0, 5, 10, 15, 20, 25)],
        "marks": marks,
        "chartable": n > 1,  # one review is a sentence, not a chart with one dot
        "font": WEB_FONTS,
        "alt": alt_text(points),
        "line": " ".join(f"{m['x']},{m['y']}" for m in marks),
        "target_line": " ".join(f"{m['x']},{m['ty']}" for m in marks),
    }


def alt_text(points):
    """Every review's scores in words: the chart's text alternative, or the sentence shown
    instead of a chart when there is only one review."""
    if len(points) == 1:
        label, cur, tgt = points[0]
        return f"One review so far, {label}: score {cur}, target {tgt}. A chart needs two reviews or more."
    return "Score at each review (target in brackets): " + ", ".join(
        f"{label} {cur} ({tgt})" for label, cur, tgt in points
    ) + "."
