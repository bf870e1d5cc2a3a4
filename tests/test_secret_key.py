"""Without TUITION_SECRET_KEY every process signs with one key kept in the database: a token
issued by one gunicorn worker verifies in every other, and after a restart."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from flask import Flask

from tuition.app import create_app
from tuition.config import Settings
from tuition.plugin_api import TuitionError
from tuition.runtime import Tuition
from tuition.services import instance_secrets
from tuition.testing.api import Api


@pytest.fixture
def keyless(tuition_settings: Settings) -> Iterator[list[Flask]]:
    """Make apps (processes) on the test's database, none given a secret key."""
    apps: list[Flask] = []
    yield apps
    for app in apps:
        app.extensions["tuition"].close()


def start(apps: list[Flask], settings: Settings) -> Api:
    app = create_app(replace(settings, secret_key=""))
    apps.append(app)
    return Api(app.test_client())


def test_a_token_from_one_process_works_in_another_and_after_a_restart(
    keyless: list[Flask], tuition_settings: Settings
) -> None:
    first, second = start(keyless, tuition_settings), start(keyless, tuition_settings)
    tenant = first.create_tenant()
    student = first.signup(tenant)
    me = second.call("GET", "/v1/me", headers=student.headers, expect=200).get_json()
    assert me["id"] == student.id
    for app in keyless:
        app.extensions["tuition"].close()
    restarted = start(keyless, tuition_settings)
    restarted.call("GET", "/v1/me", headers=student.headers, expect=200)
    runtimes = [app.extensions["tuition"] for app in keyless]
    assert len({rt.settings.secret_key for rt in runtimes}) == 1
    assert not any(rt.settings.ephemeral_secret_key for rt in runtimes)


def test_concurrent_first_starts_end_with_the_same_key(tuition_settings: Settings) -> None:
    runtimes = [Tuition(replace(tuition_settings, secret_key="")) for _ in range(6)]
    barrier = threading.Barrier(len(runtimes))
    keys: list[str] = []

    def first_request(rt: Tuition) -> None:
        barrier.wait()
        keys.append(rt.secret_key)

    threads = [threading.Thread(target=first_request, args=(rt,)) for rt in runtimes]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        for rt in runtimes:
            rt.close()
    assert len(keys) == len(runtimes) and len(set(keys)) == 1


def test_a_given_key_is_used_and_nothing_is_stored(tuition_settings: Settings) -> None:
    rt = Tuition(replace(tuition_settings, secret_key="operator-chosen-secret"))
    try:
        assert rt.secret_key == "operator-chosen-secret"
        stored = instance_secrets.load_or_create(
            rt.engine, instance_secrets.SECRET_KEY, lambda: "made-now"
        )
        assert stored == "made-now"  # nothing was there before
    finally:
        rt.close()


def test_without_a_readable_database_there_is_no_shared_key(tmp_path: Path) -> None:
    rt = Tuition(Settings(database_url=f"sqlite:///{tmp_path / 'unmigrated.db'}"))
    try:
        assert rt.ensure_secret_key() is False
        with pytest.raises(TuitionError) as refused:
            rt.secret_key  # noqa: B018 - the property is the check
        assert refused.value.status == 503
    finally:
        rt.close()
