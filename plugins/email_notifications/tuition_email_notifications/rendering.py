"""Mail templates: the defaults shipped in ``templates/`` and tenants' overrides, rendered
with Jinja2's sandbox (tenant admins write the overrides, so they get no attribute access to
Python internals); HTML is autoescaped, text and subject are not.

A tenant's override that fails at render time (a sandbox violation, an error in its logic)
or renders empty (the sandbox renders unsafe attribute lookups as nothing) is logged and
replaced by the default for that part: the student still gets the mail.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import ChainableUndefined, FileSystemLoader, TemplateError
from jinja2.sandbox import SandboxedEnvironment

log = logging.getLogger(__name__)

TEMPLATE_DIR = Path(__file__).parent / "templates"
#: Every mail the plugin sends, by template name.
TEMPLATE_NAMES: tuple[str, ...] = (
    "enrollment_confirmation",
    "payment_receipt",
    "payment_failed",
    "refund_notice",
    "waitlist_offer",
    "checkout_reminder",
    "next_course_offer",
    "email_verification",
    "password_reset",
    "invitation",
    "staff_invitation",
)
PARTS: tuple[str, ...] = ("subject", "text", "html")
#: The languages the shipped defaults are written in: English in ``templates/``, the
#: others each in ``templates/<language>/`` with the same file names.
LANGUAGES: tuple[str, ...] = ("en", "de", "fr")

# ISO 4217 minor-unit exponents that are not 2.
_EXPONENTS: dict[str, int] = {
    **dict.fromkeys(
        (
            "BIF",
            "CLP",
            "DJF",
            "GNF",
            "ISK",
            "JPY",
            "KMF",
            "KRW",
            "PYG",
            "RWF",
            "UGX",
            "UYI",
            "VND",
            "VUV",
            "XAF",
            "XOF",
            "XPF",
        ),
        0,
    ),
    **dict.fromkeys(("BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"), 3),
    **dict.fromkeys(("CLF", "UYW"), 4),
}


def currency_exponent(currency: str) -> int:
    """How many decimal places ``currency``'s minor units have (2 unless ISO says not)."""
    return _EXPONENTS.get(currency.upper(), 2)


def format_money(amount: int | None, currency: str | None) -> str:
    """Minor units as the student reads them: ``4900, "EUR"`` → ``"49.00 EUR"``."""
    if amount is None or not currency:
        return ""
    code = currency.upper()
    places = currency_exponent(code)
    sign, value = ("-" if int(amount) < 0 else ""), abs(int(amount))
    if places == 0:
        return f"{sign}{value} {code}"
    major, minor = divmod(value, 10**places)
    return f"{sign}{major}.{minor:0{places}d} {code}"


class TemplateProblem(Exception):
    """A template does not compile; the message names the line."""


def _environment(*, html: bool) -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=html,
        undefined=ChainableUndefined,  # a missing value renders empty, never fails a mail
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["money"] = format_money
    return env


_TEXT = _environment(html=False)
_HTML = _environment(html=True)


def _env(part: str) -> SandboxedEnvironment:
    return _HTML if part == "html" else _TEXT


def default_path(template: str, part: str, language: str = "en") -> str:
    """The shipped default of ``part`` of mail ``template`` in ``language`` (one of
    :data:`LANGUAGES`; a file in ``templates/``, or ``templates/<language>/``)."""
    suffix = {"subject": ".subject.txt", "text": ".txt", "html": ".html"}[part]
    folder = "" if language not in LANGUAGES or language == "en" else f"{language}/"
    return f"{folder}{template}{suffix}"


def check_source(part: str, source: str) -> None:
    """Raise :class:`TemplateProblem` unless ``source`` compiles as ``part``."""
    try:
        _env(part).from_string(source)
    except TemplateError as exc:
        line = getattr(exc, "lineno", None)
        where = f" (line {line})" if line else ""
        raise TemplateProblem(f"The template does not compile{where}: {exc.message}") from exc


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def _one_line(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()[:250]


def render(
    template: str,
    context: Mapping[str, Any],
    override: Mapping[str, Any] | None = None,
    language: str = "en",
) -> Rendered:
    """Render mail ``template`` with ``context``: the tenant's ``override`` of each part
    when it has one and it renders, the shipped default in ``language`` otherwise."""
    parts: dict[str, str] = {}
    for part in PARTS:
        env = _env(part)
        source = (override or {}).get(part)
        if source:
            try:
                output = env.from_string(source).render(context)
            except Exception:  # a tenant's template must not stop the mail
                log.warning(
                    "the tenant's %s of mail %s does not render; using the default",
                    part,
                    template,
                    exc_info=True,
                )
            else:
                if output.strip():
                    parts[part] = output
                    continue
                log.warning(
                    "the tenant's %s of mail %s renders empty; using the default", part, template
                )
        parts[part] = env.get_template(default_path(template, part, language)).render(context)
    return Rendered(subject=_one_line(parts["subject"]), text=parts["text"], html=parts["html"])
