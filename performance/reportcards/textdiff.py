"""A side-by-side comparison of two versions of a text, line by line (difflib)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    before: str
    after: str
    change: str  # "same", "changed", "added", "removed"


def side_by_side(before: str, after: str) -> list[Row]:
    a = (before or "").splitlines()
    b = (after or "").splitlines()
    rows: list[Row] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            rows += [Row(x, x, "same") for x in a[i1:i2]]
        elif tag == "delete":
            rows += [Row(x, "", "removed") for x in a[i1:i2]]
        elif tag == "insert":
            rows += [Row("", y, "added") for y in b[j1:j2]]
        else:
            left, right = a[i1:i2], b[j1:j2]
            for k in range(max(len(left), len(right))):
                x = left[k] if k < len(left) else ""
                y = right[k] if k < len(right) else ""
                rows.append(Row(x, y, "changed" if x and y else ("removed" if x else "added")))
    return rows


def changed(before: str, after: str) -> bool:
    return (before or "").strip() != (after or "").strip()
