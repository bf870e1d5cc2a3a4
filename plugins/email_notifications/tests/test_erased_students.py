"""An erased student gets no mail any more, and their marketing choice is gone with them;
mails recorded before carry the pseudonym, not the address."""

from __future__ import annotations

from typing import Any

from tuition.testing.api import Api
from tuition_email_notifications.testing import SmtpServer, emit, mail_site, sent_mails


def test_no_mail_reaches_an_erased_student(api: Api, runtime: Any, smtp: SmtpServer) -> None:
    tenant = mail_site(api, smtp.port)
    ada = api.signup(tenant, "ada@example.com")
    api.call("PUT", "/v1/me/email-preferences", headers=ada.headers, json={"marketing": True})
    api.enroll(tenant, ada, "intro")
    assert [m.rcpt_tos for m in smtp.received] == [["ada@example.com"]]

    report = api.call(
        "POST", f"/v1/admin/students/{ada.id}/erasure", headers=tenant.admin, expect=200
    ).get_json()
    mine = report["plugins"]["email_notifications"]
    assert mine["erased"] == {"mails": 1, "preferences": 1}
    assert {m.recipient for m in sent_mails(runtime, tenant)} == {report["pseudonym"]}

    emit(runtime, tenant, "enrollment.activated", {"student_id": ada.id, "course": "intro"})
    assert len(smtp.received) == 1  # nothing more went out
    assert sent_mails(runtime, tenant)[-1].status == "no_recipient"
