"""Domain events to SNS and SQS, against moto's server mode (core's ``moto_endpoint``): a
real enrollment through the API, the messages read back from SQS."""

from __future__ import annotations

import json
import logging
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import boto3
import pytest

from tuition.testing import outbox
from tuition.testing.api import Api, TenantHandle
from tuition.testing.aws import REGION, use_local_aws
from tuition.testing.databases import write_transaction_open
from tuition.testing.queues import make_scheduled_jobs_due, run_worker_burst
from tuition_aws_events import publish

#: The tenant's IAM key, as the operator's environment holds it (core resolves the
#: ``env:`` references; the values must never show in a log line).
KEY_ID = "AKIATENANTKEY0000001"
SECRET = "tenant-secret-access-key-do-not-log"
CREDENTIALS = {
    "access_key_id": "env:TUITION_SECRET_AWS_KEY_ID",
    "secret_access_key": "env:TUITION_SECRET_AWS_SECRET_KEY",
}


@dataclass
class Aws:
    """The test's own SNS and SQS clients against moto."""

    endpoint: str
    sns: Any
    sqs: Any

    def queue(self, fifo: bool = False) -> tuple[str, str]:
        """A new queue: its URL and ARN."""
        name = f"q-{uuid.uuid4().hex[:12]}" + (".fifo" if fifo else "")
        attributes = {"FifoQueue": "true"} if fifo else {}
        url = self.sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
        arn = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])
        return url, arn["Attributes"]["QueueArn"]

    def topic(self, fifo: bool = False) -> str:
        """A new topic, by ARN."""
        name = f"t-{uuid.uuid4().hex[:12]}" + (".fifo" if fifo else "")
        attributes = {"FifoTopic": "true"} if fifo else {}
        return str(self.sns.create_topic(Name=name, Attributes=attributes)["TopicArn"])

    def subscribed_queue(self, topic_arn: str) -> str:
        """A new queue subscribed to ``topic_arn`` (SNS's JSON envelope), by URL."""
        url, arn = self.queue(fifo=topic_arn.endswith(".fifo"))
        self.sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=arn)
        return url

    def messages(self, queue_url: str) -> list[dict[str, Any]]:
        """Every message waiting in the queue (received, so gone for the next call)."""
        found: list[dict[str, Any]] = []
        while True:
            batch = self.sqs.receive_message(
                QueueUrl=queue_url,
                MaxNumberOfMessages=10,
                MessageAttributeNames=["All"],
                AttributeNames=["All"],
                WaitTimeSeconds=0,
            ).get("Messages", [])
            if not batch:
                return found
            found += batch

    def via_sns(self, queue_url: str) -> list[tuple[dict[str, Any], dict[str, str]]]:
        """The events a topic delivered to ``queue_url``: each event and its attributes."""
        out = []
        for message in self.messages(queue_url):
            envelope = json.loads(message["Body"])
            attributes = {k: v["Value"] for k, v in envelope["MessageAttributes"].items()}
            out.append((json.loads(envelope["Message"]), attributes))
        return out


@pytest.fixture
def aws(moto_endpoint: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Aws:
    """SNS and SQS at moto (the operator's endpoint setting), the tenant's key in the
    environment."""
    use_local_aws(monkeypatch, tmp_path, moto_endpoint, services=("SNS", "SQS"))
    monkeypatch.setenv("TUITION_SECRET_AWS_KEY_ID", KEY_ID)
    monkeypatch.setenv("TUITION_SECRET_AWS_SECRET_KEY", SECRET)
    session = boto3.session.Session(region_name=REGION)
    return Aws(moto_endpoint, session.client("sns"), session.client("sqs"))


def site(api: Api, **settings: Any) -> TenantHandle:
    tenant = api.create_tenant(
        {
            "free_enrollment": {},
            "aws_events": {"settings": {**CREDENTIALS, "region": REGION, **settings}},
        }
    )
    api.create_course(tenant, "intro")
    return tenant


def student_of(api: Api, tenant: TenantHandle) -> Any:
    """A student made without signing up: a signup emits its own event (the verification
    mail's), which these tests do not count."""
    return api.add_students(tenant, 1)[0]


def event_jobs(runtime: Any, tenant: TenantHandle) -> list[Any]:
    return [
        job
        for job in outbox.jobs(runtime, tenant.id, name="hook")
        if job.payload.get("plugin") == "aws_events"
    ]


def test_an_enrollment_reaches_the_topic_and_the_queue_with_no_transaction_open(
    api: Api, runtime: Any, aws: Aws, monkeypatch: pytest.MonkeyPatch
) -> None:
    topic = aws.topic()
    subscribed = aws.subscribed_queue(topic)
    queue, _ = aws.queue()
    writing: list[bool] = []
    make_client = publish.make_client

    def watched(*args: Any) -> Any:
        client = make_client(*args)
        client.meta.events.register(
            "before-send", lambda **_: writing.append(write_transaction_open(runtime.engine))
        )
        return client

    monkeypatch.setattr(publish, "make_client", watched)
    tenant = site(api, sns_topic_arn=topic, sqs_queue_url=queue)
    student = student_of(api, tenant)
    enrollment = api.enroll(tenant, student, "intro").get_json()

    assert writing == [False, False]  # one SNS and one SQS call, no write transaction open
    [(event, attributes)] = aws.via_sns(subscribed)
    assert event["type"] == "enrollment.activated"
    assert event["tenant_id"] == tenant.id
    assert event["data"]["enrollment_id"] == enrollment["id"]
    assert attributes == {
        "event_type": "enrollment.activated",
        "tenant_id": tenant.id,
        "event_id": event["id"],
    }
    [message] = aws.messages(queue)
    assert json.loads(message["Body"]) == event
    assert {k: v["StringValue"] for k, v in message["MessageAttributes"].items()} == attributes


def test_fifo_targets_group_by_tenant_and_drop_a_retry_as_a_duplicate(
    api: Api, runtime: Any, aws: Aws
) -> None:
    topic = aws.topic(fifo=True)
    subscribed = aws.subscribed_queue(topic)
    queue, _ = aws.queue(fifo=True)
    tenant = site(api, sns_topic_arn=topic, sqs_queue_url=queue)
    api.enroll(tenant, student_of(api, tenant), "intro")
    [job] = event_jobs(runtime, tenant)
    assert outbox.rerun(runtime, job.id)  # the same event published again, as a retry would

    [message] = aws.messages(queue)
    event = json.loads(message["Body"])
    assert message["Attributes"]["MessageGroupId"] == tenant.id
    assert (
        message["Attributes"]["MessageDeduplicationId"] == event["id"] == job.payload["event"]["id"]
    )
    assert [e["id"] for e, _ in aws.via_sns(subscribed)] == [event["id"]]


def test_only_the_event_types_asked_for_are_published(api: Api, aws: Aws) -> None:
    queue, _ = aws.queue()
    tenant = site(api, sqs_queue_url=queue, event_types=["enrollment.completed", "order.*"])
    student = student_of(api, tenant)
    enrollment = api.enroll(tenant, student, "intro").get_json()
    assert aws.messages(queue) == []  # enrollment.activated is not asked for
    api.call(
        "POST",
        f"/v1/me/enrollments/{enrollment['id']}/complete",
        headers=student.headers,
        expect=200,
    )
    [message] = aws.messages(queue)
    assert json.loads(message["Body"])["type"] == "enrollment.completed"


def test_a_topic_that_does_not_exist_is_logged_once_and_not_retried(
    api: Api, runtime: Any, aws: Aws, caplog: pytest.LogCaptureFixture
) -> None:
    queue, _ = aws.queue()
    missing = aws.topic().replace(":t-", ":gone-")
    tenant = site(api, sns_topic_arn=missing, sqs_queue_url=queue)
    with caplog.at_level(logging.INFO):
        api.enroll(tenant, student_of(api, tenant), "intro")

    [job] = event_jobs(runtime, tenant)
    assert (job.status, job.attempts, job.last_error) == ("done", 1, None)
    refused = [r for r in caplog.records if "refused" in r.getMessage()]
    assert len(refused) == 1 and refused[0].levelno == logging.ERROR
    assert missing in refused[0].getMessage() and "NotFound" in refused[0].getMessage()
    assert len(aws.messages(queue)) == 1  # the queue still got the event
    assert KEY_ID not in caplog.text and SECRET not in caplog.text


class Unavailable(BaseHTTPRequestHandler):
    """An AWS endpoint having a bad moment: 503 to every request."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(503)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *_: Any) -> None:
        pass


@pytest.fixture
def unavailable() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Unavailable)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.redis
def test_an_aws_side_error_is_retried_by_the_job_queue(
    api: Api,
    runtime: Any,
    aws: Aws,
    rq_queue: Any,
    unavailable: str,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    topic = aws.topic()
    subscribed = aws.subscribed_queue(topic)
    tenant = site(api, sns_topic_arn=topic)
    api.enroll(tenant, student_of(api, tenant), "intro")

    monkeypatch.setenv("AWS_ENDPOINT_URL_SNS", unavailable)
    run_worker_burst(runtime)
    [job] = event_jobs(runtime, tenant)
    assert (job.status, job.attempts) == ("pending", 1)
    assert "PublishFailed" in (job.last_error or "") and SECRET not in (job.last_error or "")
    assert aws.via_sns(subscribed) == []

    monkeypatch.setenv("AWS_ENDPOINT_URL_SNS", aws.endpoint)  # AWS is back
    assert make_scheduled_jobs_due(runtime) == 1
    run_worker_burst(runtime)
    [job] = event_jobs(runtime, tenant)
    assert (job.status, job.attempts) == ("done", 2)
    assert [e["type"] for e, _ in aws.via_sns(subscribed)] == ["enrollment.activated"]
    assert KEY_ID not in caplog.text and SECRET not in caplog.text


@pytest.mark.parametrize(
    ("settings", "field"),
    [
        ({"sns_topic_arn": "arn:aws:sqs:eu-west-1:123456789012:q"}, "sns_topic_arn"),
        ({"sns_topic_arn": "my-topic"}, "sns_topic_arn"),
        ({"sqs_queue_url": "https://evil.example.com/123456789012/q"}, "sqs_queue_url"),
        ({"sqs_queue_url": "https://sqs.eu-west-1.amazonaws.com/q"}, "sqs_queue_url"),
        ({"region": "Europe"}, "region"),
        ({"event_types": ["order paid"]}, "event_types"),
        ({"access_key_id": KEY_ID}, "access_key_id"),
    ],
)
def test_bad_settings_are_a_422_naming_the_field(
    api: Api, aws: Aws, settings: dict[str, Any], field: str
) -> None:
    tenant = api.create_tenant({"free_enrollment": {}})
    body = {"enabled": True, "settings": {**CREDENTIALS, **settings}}
    problem = api.call(
        "PUT", "/v1/admin/plugins/aws_events", json=body, headers=tenant.admin, expect=422
    ).get_json()
    assert field in str(problem), problem
    assert KEY_ID not in str(problem) or field == "access_key_id"


def test_a_target_needs_the_tenants_credentials_and_aws_queue_urls_are_accepted(
    api: Api, aws: Aws
) -> None:
    tenant = api.create_tenant({"free_enrollment": {}})
    queue = "https://sqs.eu-central-1.amazonaws.com/123456789012/orders.fifo"
    put = {"enabled": True, "settings": {"sqs_queue_url": queue}}
    problem = api.call(
        "PUT", "/v1/admin/plugins/aws_events", json=put, headers=tenant.admin, expect=422
    ).get_json()
    assert "access_key_id" in str(problem) and "secret_access_key" in str(problem)

    put["settings"] |= CREDENTIALS
    shown = api.call(
        "PUT", "/v1/admin/plugins/aws_events", json=put, headers=tenant.admin, expect=200
    ).get_json()
    assert shown["settings"]["sqs_queue_url"] == queue
    assert shown["settings"]["access_key_id"] == CREDENTIALS["access_key_id"]  # the reference


def test_credentials_that_cannot_be_had_fail_the_job_for_a_retry(
    api: Api, runtime: Any, aws: Aws, monkeypatch: pytest.MonkeyPatch
) -> None:
    queue, _ = aws.queue()
    tenant = site(api, sqs_queue_url=queue)
    monkeypatch.delenv("TUITION_SECRET_AWS_SECRET_KEY")
    api.enroll(tenant, student_of(api, tenant), "intro")
    [job] = event_jobs(runtime, tenant)
    assert job.status == "failed"  # inline: one attempt; with a queue, rq retries it
    assert "secret" in (job.last_error or "").lower() and KEY_ID not in (job.last_error or "")
    assert aws.messages(queue) == []

    monkeypatch.setenv("TUITION_SECRET_AWS_SECRET_KEY", SECRET)
    assert outbox.rerun(runtime, job.id)
    assert len(aws.messages(queue)) == 1
