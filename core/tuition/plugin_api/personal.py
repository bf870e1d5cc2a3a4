"""The student's data: what a plugin answers when core exports or erases a student
(``tuition_student_data``, ``tuition_erase_student``), and a helper to scrub stored text."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

#: Keys whose values are personal whatever they hold (a provider's payer, a billing
#: address): :func:`scrub` replaces them whole, at any depth.
PERSONAL_KEYS: frozenset[str] = frozenset(
    {
        "email",
        "email_address",
        "customer_email",
        "receipt_email",
        "recipient",
        "name",
        "full_name",
        "given_name",
        "surname",
        "first_name",
        "last_name",
        "phone",
        "address",
        "billing_details",
        "customer_details",
        "shipping",
        "payer",
    }
)


@dataclass(frozen=True)
class ErasureReport:
    """What a plugin did with a student's data when asked to erase it.

    ``erased`` counts the rows deleted or anonymised, by what they are (``"mails"``);
    ``kept`` says what stays and why (``{"bookings": "no personal data: session and
    status only"}``). Core merges every plugin's report into the answer of the erasure
    under the plugin's name.
    """

    erased: Mapping[str, int] = field(default_factory=dict)
    kept: Mapping[str, str] = field(default_factory=dict)


def scrub(
    value: Any,
    needles: Collection[str],
    replacement: str,
    *,
    keys: Collection[str] = PERSONAL_KEYS,
) -> Any:
    """``value`` (JSON-ready: dicts, lists, strings, numbers) with every occurrence of
    each of ``needles`` (an email, a name; matched case-insensitively) inside its strings
    replaced by ``replacement``, and the strings under ``keys`` (any depth, inside
    containers under such a key too) replaced whole; numbers, booleans and None stay.
    Pass ``keys=()`` to replace only the needles. Returns a new value; the input is not
    changed."""
    wanted = [needle.lower() for needle in needles if needle]

    def text(item: str) -> str:
        lowered = item.lower()
        for needle in wanted:
            start = lowered.find(needle)
            while start != -1:
                item = item[:start] + replacement + item[start + len(needle) :]
                lowered = item.lower()
                start = lowered.find(needle, start + len(replacement))
        return item

    def walk(item: Any, personal: bool) -> Any:
        if isinstance(item, Mapping):
            return {k: walk(v, personal or str(k).lower() in keys) for k, v in item.items()}
        if isinstance(item, list | tuple):
            return [walk(v, personal) for v in item]
        if isinstance(item, str):
            return replacement if personal and item else text(item)
        return item

    return walk(value, False)
