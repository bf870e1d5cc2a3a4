"""A local AWS endpoint for tests: moto's server mode (real boto3 calls over HTTP).

The ``moto_endpoint`` fixture (core's pytest plugin) serves one for the whole session;
:func:`use_local_aws` points the standard AWS configuration at it, as an operator would
point it at AWS. moto is a test dependency (``tuition[test]``), imported only here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

#: The region the tests' AWS configuration names.
REGION = "eu-west-1"


@contextmanager
def moto_server() -> Iterator[str]:
    """moto's server on a free loopback port; yields its URL (``http://127.0.0.1:<port>``)."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        yield f"http://{host}:{port}"
    finally:
        server.stop()


def use_local_aws(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    endpoint: str,
    services: Iterable[str] = ("SECRETS_MANAGER",),
) -> None:
    """The standard AWS configuration for a test: region :data:`REGION`, test credentials,
    no profile or config file of the machine, and ``AWS_ENDPOINT_URL_<SERVICE>`` set to
    ``endpoint`` for each of ``services`` (``SECRETS_MANAGER``, ``SNS``, ``SQS``, …)."""
    for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ENDPOINT_URL", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    monkeypatch.setenv("AWS_REGION", REGION)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    for service in services:
        monkeypatch.setenv(f"AWS_ENDPOINT_URL_{service}", endpoint)
