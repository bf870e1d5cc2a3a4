"""Stripe Tax on schedules (setting ``automatic_tax``): a membership's and a payment
plan's Checkout Session in ``mode=subscription`` asks Stripe to compute the tax inside
each charge; the first charge's tax is recorded on the order (from the session, as for a
one-time order), each later invoice's from its ``total_taxes`` in the ``invoice.paid``
webhook, and printed on that charge's invoice."""

from __future__ import annotations

from typing import Any

from tuition_invoices.testing import SELLER

#: 20.00 EUR a month with a 5.00 EUR setup fee (the stripe tests' MEMBERSHIP).
CLUB = {"interval": "month", "courses": ["python"], "setup_fee": 500}


def taxed_site(stripe_env: Any, **course: Any) -> Any:
    return stripe_env.site(
        automatic_tax=True,
        plugins={
            "memberships": {},
            "installments": {},
            "invoices": {"settings": SELLER},
            **course.pop("plugins", {}),
        },
        **course,
    )


def documents(api: Any, student: Any) -> list[dict[str, Any]]:
    page = api.call("GET", "/v1/me/invoices", headers=student.headers, expect=200).get_json()
    return sorted(page["items"], key=lambda d: d["number"])


def test_a_membership_records_the_tax_stripe_computes_on_each_invoice(
    stripe_env: Any, fake_stripe: Any
) -> None:
    api = stripe_env.api
    site = taxed_site(
        stripe_env,
        course="club",
        pricing_model="subscription",
        price={"amount": 2000, "currency": "EUR"},
        attributes={"memberships": CLUB},
    )
    api.create_course(
        site.tenant, "python", pricing_model="one_time", price={"amount": 900, "currency": "EUR"}
    )
    student, body = stripe_env.start(site, course="club")
    checkout = body["checkout"]
    [call] = fake_stripe.calls("POST", "/v1/checkout/sessions")
    assert call.params["mode"] == "subscription"
    assert call.params["automatic_tax"] == {"enabled": "true"}
    assert [i["price_data"]["tax_behavior"] for i in call.params["line_items"]] == [
        "inclusive",
        "inclusive",
    ]

    session = fake_stripe.complete(checkout["session_id"], country="FR")
    stripe_env.deliver(site, fake_stripe.event("checkout.session.completed", session))
    order = stripe_env.order(site, checkout["order_id"])
    # 25.00 EUR with 20 % TVA inside: 4.17.
    assert (order["status"], order["amount"], order["tax_amount"]) == ("paid", 2500, 417)
    assert (order["tax"]["rate"], order["tax"]["source"]) == ("20", "stripe_tax")

    [renewed] = fake_stripe.advance(days=31)
    invoice = renewed["data"]["object"]
    assert invoice["automatic_tax"]["status"] == "complete"
    assert [t["amount"] for t in invoice["total_taxes"]] == [333]  # 20.00 EUR: 3.33
    for _ in range(2):  # delivered twice: one charge, one invoice
        stripe_env.deliver(site, renewed)
    first, second = documents(api, student)
    assert (first["gross"], first["tax"]) == (2500, 417)
    assert (second["gross"], second["tax"], second["net"]) == (2000, 333, 1667)
    assert second["breakdown"][0]["rate"] == "20"

    # The site owner cancels with a prorated refund: its credit note gives back the tax
    # Stripe computed on that renewal, in proportion.
    sub = stripe_env.membership(student)
    done = api.call(
        "POST",
        f"/v1/admin/subscriptions/{sub['id']}/cancel",
        json={"refund": "prorated"},
        headers=site.admin,
        expect=200,
    ).get_json()
    refund = done["refunded_amount"]
    assert refund > 0 and done["tax_refunded_amount"] == (2 * 333 * refund + 2000) // 4000
    credit = documents(api, student)[0]  # CN-… sorts before INV-…
    assert (credit["kind"], credit["credits_id"]) == ("credit_note", second["id"])
    assert (credit["gross"], credit["tax"]) == (-refund, -done["tax_refunded_amount"])


def test_a_payment_plan_records_the_tax_of_each_installment(
    stripe_env: Any, fake_stripe: Any
) -> None:
    api = stripe_env.api
    site = taxed_site(
        stripe_env,
        pricing_model="installments",
        price={"amount": 27000, "currency": "EUR"},
        attributes={"installments": {"count": 3, "amount": 10000, "interval": "month"}},
    )
    student = api.signup(site.tenant)
    checkout = api.call(
        "POST",
        "/v1/enrollments",
        json={"course": "pro", "payment_plan": "installments"},
        headers=student.headers,
        expect=202,
    ).get_json()["checkout"]
    [call] = fake_stripe.calls("POST", "/v1/checkout/sessions")
    assert call.params["automatic_tax"] == {"enabled": "true"}
    # A German consumer of a German seller (the fake's origin): 19 % inside.
    session = fake_stripe.complete(checkout["session_id"], country="DE")
    stripe_env.deliver(site, fake_stripe.event("checkout.session.completed", session))
    assert stripe_env.order(site, checkout["order_id"])["tax_amount"] == 1597  # 19 % inside

    [paid] = fake_stripe.advance(days=31)
    stripe_env.deliver(site, paid)
    (plan,) = api.call("GET", "/v1/me/payment-plans", headers=student.headers).get_json()["items"]
    assert [(i["status"], i["tax_amount"]) for i in plan["installments"]][1] == ("paid", 1597)
    second = documents(api, student)[1]
    assert (second["gross"], second["tax"]) == (10000, 1597)
