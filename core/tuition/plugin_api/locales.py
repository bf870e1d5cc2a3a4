"""Languages: a student's ``locale`` (a BCP 47 tag, RFC 5646) and choosing the language of
a document or mail among those a plugin has templates for.

Core validates and stores tags with :func:`normalise_locale`; a plugin that renders text
picks its language with :func:`pick_language`, from the student's ``locale``, then its
tenant's setting, then its own default.
"""

from __future__ import annotations

import re
from collections.abc import Collection

#: The longest tag core stores (RFC 5646 4.4.1: at least 35 characters must be kept).
MAX_LOCALE_LENGTH = 35

_TAG = re.compile(
    r"""
    (?P<language>[a-z]{2,3})                     # ISO 639 (5-8 letters: none registered)
    (?:-[a-z]{3}){0,3}                           # extended language subtags
    (?:-(?P<script>[a-z]{4}))?
    (?:-(?P<region>[a-z]{2}|[0-9]{3}))?
    (?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*     # variants
    (?:-[0-9a-wy-z](?:-[a-z0-9]{2,8})+)*         # extensions
    (?:-x(?:-[a-z0-9]{1,8})+)?                   # private use
    """,
    re.VERBOSE | re.IGNORECASE,
)


def normalise_locale(value: str) -> str:
    """``value`` as a well-formed BCP 47 language tag in its canonical case (language
    lower-case, script title-case, region upper-case: ``pt-br`` → ``pt-BR``,
    ``zh_hant`` → ``zh-Hant``; ``_`` is read as ``-``). ``ValueError`` when it is not one,
    or is longer than :data:`MAX_LOCALE_LENGTH`."""
    tag = value.strip().replace("_", "-")
    if len(tag) > MAX_LOCALE_LENGTH or not _TAG.fullmatch(tag):
        raise ValueError(f"{value!r} is not a BCP 47 language tag such as 'de' or 'fr-FR'.")
    subtags = tag.lower().split("-")
    out = [subtags[0]]
    singleton = False
    for sub in subtags[1:]:
        if singleton or len(sub) == 1:  # after an extension or private-use singleton
            singleton = True
        elif len(sub) == 4 and sub.isalpha():
            sub = sub.title()
        elif len(sub) == 2:
            sub = sub.upper()
        out.append(sub)
    return "-".join(out)


def locale_language(tag: str) -> str:
    """The primary language of a tag: ``fr-FR`` → ``fr``."""
    return tag.split("-", 1)[0].split("_", 1)[0].lower()


def _fallbacks(tag: str) -> list[str]:
    """RFC 4647 lookup: ``zh-Hant-TW`` → ``zh-hant-tw``, ``zh-hant``, ``zh``."""
    subtags = tag.lower().replace("_", "-").split("-")
    found = []
    while subtags:
        found.append("-".join(subtags))
        subtags.pop()
        while len(subtags) > 1 and len(subtags[-1]) == 1:  # never end on a singleton
            subtags.pop()
    return found


def pick_language(available: Collection[str], *preferences: str | None, default: str = "en") -> str:
    """The language to render in: the first of ``preferences`` (tags, most wanted first:
    typically the student's ``locale``, then the tenant's setting; ``None`` skipped) that
    ``available`` has, by RFC 4647 lookup (``fr-FR`` takes ``fr-FR``, else ``fr``), as
    spelt in ``available``; ``default`` when none matches."""
    by_key = {tag.lower(): tag for tag in available}
    for wanted in preferences:
        if not wanted:
            continue
        for candidate in _fallbacks(wanted):
            if candidate in by_key:
                return by_key[candidate]
    return default
