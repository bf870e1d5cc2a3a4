"""Administration of discount codes (no Flask here): create, change, delete, generate in
batches. Writes through the given session and never commits."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Select, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tuition.plugin_api import Conflict, NotFound, TenantRecord, ValidationFailed, rowcount

from .codes import normalise, shape
from .models import DiscountCode, Redemption

#: The problem codes of the admin API, for ``tuition_problem_codes``.
PROBLEM_CODES = {
    "code_exists": "a discount code with this text exists already",
    "code_in_use": "the code was redeemed; deactivate it instead (active: false)",
}
#: Letters and digits of generated codes, without look-alikes (0/O, 1/I/L).
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def get_code(session: Session, code_id: str) -> DiscountCode:
    code = session.get(DiscountCode, code_id)
    if code is None:
        raise NotFound(f"No discount code {code_id!r}.")
    return code


def codes(search: str | None) -> Select[Any]:
    """Every code, or those containing ``search`` (case-insensitive)."""
    stmt = select(DiscountCode)
    if search:
        stmt = stmt.where(DiscountCode.code.contains(normalise(search), autoescape=True))
    return stmt


def _exists(code: str) -> Conflict:
    return Conflict(f"A discount code {code!r} exists already.", code="code_exists")


def check(code: DiscountCode) -> None:
    """The rules that span fields, on the code as it would be."""
    if (code.percent_off is None) == (code.amounts_off is None):
        raise ValidationFailed(
            {"percent_off": ["Give either percent_off or amounts_off (not both)."]}
        )
    if (
        code.valid_from is not None
        and code.valid_until is not None
        and code.valid_until <= code.valid_from
    ):
        raise ValidationFailed({"valid_until": ["Must be after valid_from."]})


def create(session: Session, tenant: TenantRecord, data: Mapping[str, Any]) -> DiscountCode:
    values = shape(data)
    if session.scalar(select(DiscountCode.id).where(DiscountCode.code == values["code"])):
        raise _exists(values["code"])
    code = DiscountCode(tenant_id=tenant.id, redeemed=0, **values)
    check(code)
    try:
        with session.begin_nested():  # a concurrent creation of the same code loses here
            session.add(code)
    except IntegrityError as exc:
        raise _exists(values["code"]) from exc
    return code


def change(session: Session, code_id: str, data: Mapping[str, Any]) -> DiscountCode:
    """Change any field but the code itself. A lower ``max_redemptions`` than taken
    already is refused (409 ``conflict``): lower it no further than ``redeemed``."""
    code = get_code(session, code_id)
    try:
        with session.begin_nested():  # flushes what came before: change nothing earlier
            for name, value in data.items():
                setattr(code, name, value)
            check(code)
            session.flush()
    except IntegrityError as exc:
        session.refresh(code)
        raise Conflict(
            f"{code.redeemed} redemptions of {code.code!r} are taken; max_redemptions "
            "cannot be lower.",
            code="conflict",
        ) from exc
    session.refresh(code)
    return code


def remove(session: Session, code_id: str) -> None:
    """Delete a code nobody redeemed (409 ``code_in_use`` otherwise: deactivate it)."""
    code = get_code(session, code_id)
    in_use = Conflict(
        f"Code {code.code!r} was redeemed; deactivate it instead (active: false).",
        code="code_in_use",
    )
    if session.scalar(select(Redemption.id).where(Redemption.code_id == code.id).limit(1)):
        raise in_use
    if not rowcount(
        session.execute(
            delete(DiscountCode)
            .where(DiscountCode.id == code.id, DiscountCode.redeemed == 0)
            .execution_options(synchronize_session=False)
        )
    ):
        raise in_use


def generate(
    session: Session,
    tenant: TenantRecord,
    count: int,
    prefix: str,
    length: int,
    template: Mapping[str, Any],
) -> list[DiscountCode]:
    """``count`` new codes ``<PREFIX><random>`` with the fields of ``template``, unique
    within the tenant (a random part that exists already is drawn again)."""
    prefix = normalise(prefix)
    wanted: set[str] = set()
    while len(wanted) < count:
        draw = {
            prefix + "".join(secrets.choice(ALPHABET) for _ in range(length))
            for _ in range(count - len(wanted))
        }
        taken = set(session.scalars(select(DiscountCode.code).where(DiscountCode.code.in_(draw))))
        wanted |= draw - taken
    made = [
        DiscountCode(tenant_id=tenant.id, redeemed=0, code=text, **shape(template))
        for text in sorted(wanted)
    ]
    for code in made:
        check(code)
    try:
        with session.begin_nested():
            session.add_all(made)
    except IntegrityError as exc:  # a concurrent batch drew the same text: very unlikely
        raise Conflict("Codes were created concurrently; retry.", code="conflict") from exc
    return made
