"""One normal form for the identifiers people type: indicator refs, risk numbers,
usernames, division names.

A permission check and the write it guards must see the same identifier: if the check
compares " 2.1" and the write strips it to "2.1", the check is bypassed. So every write
path runs what it was sent through ``clean`` (or ``key`` to compare) once, before it
checks anything, and then uses only the cleaned form.

No Django imports: tested on its own.
"""

import re
import unicodedata

_SPACE = re.compile(r"\s+", re.UNICODE)
# Characters NFKC keeps but that print as nothing (zero-width space, joiners, BOM, soft hyphen).
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def clean(value) -> str:
    """NFKC (full-width digits, ligatures and other compatibility look-alikes become the plain
    character), invisible characters dropped, every run of whitespace (tabs, no-break spaces)
    one space, none at either end."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value)).translate(_INVISIBLE)
    return _SPACE.sub(" ", text).strip()


def key(value) -> str:
    """What two case-insensitive identifiers are compared by: ``clean`` then casefolded."""
    return clean(value).casefold()


def resolver(known):
    """``resolve(raw)``: the stored identifier ``raw`` names (by ``key``), else ``clean(raw)``."""
    by_key = {key(k): k for k in known}

    def resolve(raw):
        cleaned = clean(raw)
        return by_key.get(cleaned.casefold(), cleaned)

    return resolve
