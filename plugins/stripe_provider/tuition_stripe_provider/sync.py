"""Create or reuse a Stripe product and one-time price per paid course of a tenant.

Idempotent: ids stored in ``attributes.stripe_provider`` are reused; otherwise the product
is looked up by its metadata and the price among the product's active one-time prices, and
only then created (with idempotency keys derived from the course, so a crash between the
Stripe call and storing the ids cannot duplicate them within Stripe's 24 h key window).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import stripe

from tuition.plugin_api import CourseRecord, Host, TuitionError, ValidationFailed
from tuition_stripe_provider.client import make_client, payment_error
from tuition_stripe_provider.provider import PLUGIN_NAME


class SyncError(Exception):
    """The sync cannot go on (unknown tenant, plugin disabled, Stripe refused, …)."""


@dataclass
class CourseSync:
    """What the sync did (or would do) for one course."""

    slug: str
    product_id: str | None
    product_action: str  # reused | found | created | updated | would create | would update
    price_id: str | None
    price_action: str  # reused | found | created | would create
    stored: bool = False

    def describe(self) -> str:
        product = f"product {self.product_id or '(new)'} {self.product_action}"
        price = f"price {self.price_id or '(new)'} {self.price_action}"
        stored = ", ids stored" if self.stored else ""
        return f"{self.slug}: {product}, {price}{stored}"


Progress = Callable[[int, int, CourseSync], None]


@dataclass(frozen=True)
class _Course:
    """What the sync reads of a course (read before Stripe is called, no session open)."""

    id: str
    slug: str
    title: str
    price_amount: int
    price_currency: str
    attributes: Mapping[str, Any]

    @classmethod
    def of(cls, course: CourseRecord) -> _Course:
        assert course.price_amount is not None and course.price_currency is not None
        return cls(
            course.id,
            course.slug,
            course.title,
            course.price_amount,
            course.price_currency,
            dict(course.attributes or {}),
        )


def sync_products(
    host: Host, tenant_slug: str, *, dry_run: bool = False, progress: Progress | None = None
) -> list[CourseSync]:
    """Sync every paid (``one_time``), non-archived course of ``tenant_slug``.

    Stripe is called with no transaction open; each course's ids are then stored in a
    transaction of their own (``host.services.set_course_attributes``, audited), so the
    courses synced before a failure keep their ids."""
    with host.session() as session:
        tenant = host.services.tenant(session, slug=tenant_slug)
        if tenant is None:
            raise SyncError(f"No tenant {tenant_slug!r}.")
        if PLUGIN_NAME not in tenant.enabled_plugins():
            raise SyncError(f"Tenant {tenant_slug!r} has not enabled {PLUGIN_NAME}.")
        try:
            settings = {
                key: host.secret(value)
                for key, value in tenant.plugin_settings()[PLUGIN_NAME].items()
            }
        except TuitionError as exc:
            raise SyncError(exc.detail) from None
        tenant_id = tenant.id
    try:
        client = make_client(settings)
    except TuitionError as exc:  # no secret key, or an api_base the operator does not allow
        raise SyncError(exc.detail) from None
    with host.session(tenant_id) as session:
        courses = [
            _Course.of(course)
            for course in host.services.courses(session, pricing_model="one_time")
            if course.price_amount is not None
            and course.price_currency is not None
            and course.status != "archived"
        ]
    results: list[CourseSync] = []
    for index, course in enumerate(courses, 1):
        try:
            result, attrs = _sync_course(client, tenant_id, course, dry_run)
        except stripe.StripeError as exc:
            raise SyncError(
                f"{course.slug}: {payment_error(exc, 'sync products').detail}"
            ) from None
        if not dry_run:
            result.stored = _store(host, tenant_id, course, attrs)
        results.append(result)
        if progress is not None:
            progress(index, len(courses), result)
    return results


def _store(host: Host, tenant_id: str, course: _Course, attrs: Mapping[str, Any]) -> bool:
    """Store the course's Stripe ids (its own transaction); False when nothing changed."""
    with host.transaction(tenant_id) as session:
        row = host.services.course(session, id=course.id)
        if row is None:  # deleted while Stripe was called
            return False
        try:
            return host.services.set_course_attributes(session, row, PLUGIN_NAME, attrs)
        except ValidationFailed as exc:
            raise SyncError(f"{course.slug}: {exc.detail} {exc.extra.get('errors')}") from None


def _sync_course(
    client: stripe.StripeClient, tenant_id: str, course: _Course, dry_run: bool
) -> tuple[CourseSync, dict[str, Any]]:
    attrs: Mapping[str, Any] = course.attributes.get(PLUGIN_NAME) or {}
    metadata = {
        "tuition_tenant_id": tenant_id,
        "tuition_course_id": course.id,
        "tuition_course": course.slug,
    }
    product, product_action = _find_product(client, course, attrs)
    if product is not None and product.get("name") != course.title:
        if dry_run:
            product_action = "would update"
        else:
            product = client.v1.products.update(product["id"], {"name": course.title}).to_dict()
            product_action = "updated"
    if product is None:
        if dry_run:
            return CourseSync(course.slug, None, "would create", None, "would create"), {}
        product = client.v1.products.create(
            {"name": course.title, "metadata": metadata},
            {"idempotency_key": f"tuition-product-{course.id}"},
        ).to_dict()
        product_action = "created"
    product_id = str(product["id"])

    amount, currency = course.price_amount, course.price_currency
    price, price_action = _find_price(client, product_id, amount, currency, attrs)
    if price is None:
        if dry_run:
            return CourseSync(course.slug, product_id, product_action, None, "would create"), {}
        price = client.v1.prices.create(
            {
                "product": product_id,
                "unit_amount": amount,
                "currency": currency.lower(),
                "metadata": metadata,
            },
            {"idempotency_key": f"tuition-price-{course.id}-{amount}-{currency}"},
        ).to_dict()
        price_action = "created"
    price_id = str(price["id"])
    result = CourseSync(course.slug, product_id, product_action, price_id, price_action)
    return result, {
        "stripe_product_id": product_id,
        "stripe_price_id": price_id,
        "price_amount": amount,
        "price_currency": currency,
    }


def _find_product(
    client: stripe.StripeClient, course: _Course, attrs: Mapping[str, Any]
) -> tuple[dict[str, Any] | None, str]:
    stored = attrs.get("stripe_product_id")
    if stored:
        found = _retrieve(lambda: client.v1.products.retrieve(str(stored)))
        if found is not None and not found.get("deleted") and found.get("active", True):
            return found, "reused"
    page = client.v1.products.search(
        {"query": f"metadata['tuition_course_id']:'{course.id}'", "limit": 10}
    )
    for candidate in page.to_dict().get("data") or []:
        if candidate.get("active", True):
            return candidate, "found"
    return None, "would create"


def _find_price(
    client: stripe.StripeClient,
    product_id: str,
    amount: int,
    currency: str,
    attrs: Mapping[str, Any],
) -> tuple[dict[str, Any] | None, str]:
    def fits(price: Mapping[str, Any]) -> bool:
        return (
            bool(price.get("active"))
            and price.get("type") == "one_time"
            and price.get("unit_amount") == amount
            and str(price.get("currency", "")).upper() == currency
            and price.get("product") == product_id
        )

    stored = attrs.get("stripe_price_id")
    if stored:
        found = _retrieve(lambda: client.v1.prices.retrieve(str(stored)))
        if found is not None and fits(found):
            return found, "reused"
    listed = client.v1.prices.list(
        {
            "product": product_id,
            "active": True,
            "type": "one_time",
            "currency": currency.lower(),
            "limit": 100,
        }
    )
    for candidate in listed.to_dict().get("data") or []:
        if fits(candidate):
            return candidate, "found"
    return None, "would create"


def _retrieve(call: Callable[[], Any]) -> dict[str, Any] | None:
    """The object, or None when Stripe says it does not exist."""
    try:
        result: dict[str, Any] = call().to_dict()
    except stripe.InvalidRequestError as exc:
        if exc.http_status == 404 or exc.code == "resource_missing":
            return None
        raise
    return result
