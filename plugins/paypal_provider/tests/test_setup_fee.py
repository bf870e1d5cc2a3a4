"""What PayPal refuses on a schedule before calling it (no database, no server)."""

from __future__ import annotations

import pytest

from tuition.plugin_api import OrderInfo, PaymentError, Schedule
from tuition_paypal_provider.provider import PayPalProvider


def test_a_setup_fee_is_refused_before_any_call():
    """A schedule whose first charge differs (a membership's setup fee) is refused with a
    clear error, not charged as a plain period: nothing reaches PayPal."""
    schedule = Schedule(count=None, amount=2000, currency="EUR", first_amount=2500)
    order = OrderInfo(
        id="ord_1",
        tenant_id="ten_1",
        tenant_slug="site",
        enrollment_id="enr_1",
        course_slug="club",
        course_title="Club",
        amount=2500,
        currency="EUR",
        customer_email=None,
        schedule=schedule,
    )
    provider = PayPalProvider({"client_id": "id", "client_secret": "secret"})
    with pytest.raises(PaymentError, match="no setup fee") as refused:
        provider.create_recurring_checkout(order, schedule)
    assert not refused.value.retryable
