"""The plan's mails over real SMTP (email_notifications): a reminder before each charge,
once however often the sweep runs; a notice after a failure with the dunning dates; a
notice when access is paused and when it is back."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tuition.testing.api import Api
from tuition.testing.chores import sweep
from tuition_email_notifications.testing import (
    SmtpServer,
    mail_settings,
)
from tuition_installments.testing import advance, make_site, my_plan, set_dummy, start_plan

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def mailing_site(api: Api, smtp: SmtpServer, **dunning: int):
    return make_site(
        api,
        {"grace_days": 3, "final_deadline_days": 10, **dunning},
        plugins={"email_notifications": {"settings": mail_settings(smtp.port)}},
    )


def due(plan: dict, seq: int) -> datetime:
    return datetime.fromisoformat(plan["installments"][seq - 1]["due_at"])


def test_a_reminder_before_each_charge_once(api: Api, runtime, smtp: SmtpServer) -> None:
    tenant = mailing_site(api, smtp)
    student, _order_id = start_plan(api, tenant)
    assert smtp.kinds == ["enrollment_confirmation", "payment_receipt"]
    second = due(my_plan(api, student), 2)

    assert sweep(runtime, second - timedelta(days=4))["installments"]["reminded"] == 0
    assert sweep(runtime, second - timedelta(days=2))["installments"]["reminded"] == 1
    assert sweep(runtime, second - timedelta(days=1))["installments"]["reminded"] == 0
    (reminder,) = smtp.of("installment_reminder")
    assert reminder.rcpt_tos == [student.email]
    date = second.strftime("%Y-%m-%d %H:%M UTC")
    subject = f"Installment 2 of 3 for Pottery Pro: 100.00 EUR on {date[:10]}"
    assert reminder.message["Subject"] == subject
    text = reminder.part("plain")
    assert f"will be charged on {date}" in text and "100.00 EUR will be left" in text

    advance(api, tenant, 40)  # installment 2 paid: the next reminder is for the third
    third = due(my_plan(api, student), 3)
    assert sweep(runtime, third - timedelta(days=1))["installments"]["reminded"] == 1
    assert [m.message["Subject"].split(" for ")[0] for m in smtp.of("installment_reminder")] == [
        "Installment 2 of 3",
        "Installment 3 of 3",
    ]
    assert "0.00 EUR will be left" in smtp.of("installment_reminder")[1].part("plain")


def test_failure_overdue_and_restored_mails(api: Api, runtime, smtp: SmtpServer) -> None:
    tenant = mailing_site(api, smtp, reminder_days=0)
    student, order_id = start_plan(api, tenant)
    set_dummy(api, tenant, decline_renewals=True)
    advance(api, tenant, 31)
    plan = my_plan(api, student)
    grace_ends = datetime.fromisoformat(plan["grace_ends_at"]).strftime("%Y-%m-%d %H:%M UTC")
    final = datetime.fromisoformat(plan["final_deadline_at"]).strftime("%Y-%m-%d %H:%M UTC")

    (failed,) = smtp.of("installment_failed")
    assert failed.message["Subject"] == "Your installment for Pottery Pro did not go through"
    text = " ".join(failed.part("plain").split())
    assert "installment 2 of your payment plan for Pottery Pro, 100.00 EUR" in text
    assert f"You keep your access until {grace_ends}" in text
    assert f"still unpaid on {final}, your enrollment ends" in text
    assert "What to do: check the card" in text and "Still to pay: 200.00 EUR" in text

    assert (
        sweep(runtime, datetime.fromisoformat(plan["grace_ends_at"]) + timedelta(hours=1))[
            "installments"
        ]["paused"]
        == 1
    )
    (overdue,) = smtp.of("payment_plan_overdue")
    assert overdue.message["Subject"] == "Your access to Pottery Pro is paused"
    assert f"Still unpaid on {final}, your enrollment ends." in overdue.part("plain")

    set_dummy(api, tenant, decline_renewals=False)
    api.call("POST", f"/v1/dummy/checkout/{tenant.slug}/{order_id}/retry", expect=200)
    (restored,) = smtp.of("payment_plan_restored")
    assert restored.message["Subject"] == "Your access to Pottery Pro is back"
    assert "Still to pay: 100.00 EUR" in restored.part("plain")
    assert smtp.of("installment_reminder") == []  # reminder_days = 0: none
