"""Core's outbound policy (``tuition.plugin_api.outbound``) as plain functions: which addresses are
public, which hosts and URLs a tenant may make Tuition connect to, and the guarded
connections (TCP and the JSON fetch) against real servers on 127.0.0.1."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tuition.plugin_api import outbound

PUBLIC = "93.184.215.14"


@pytest.fixture
def no_allow_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(outbound.ALLOWED_HOSTS_VARIABLE, raising=False)


@pytest.mark.parametrize(
    "address, public",
    [
        (PUBLIC, True),
        ("2606:2800:21f:cb07:6820:80da:af6b:8b2c", True),
        ("127.0.0.1", False),
        ("10.1.1.1", False),
        ("172.31.0.1", False),
        ("192.168.0.1", False),
        ("169.254.169.254", False),
        ("100.64.1.1", False),
        ("0.0.0.0", False),
        ("255.255.255.255", False),
        ("224.0.0.251", False),
        ("::1", False),
        ("::", False),
        ("fe80::1%eth0", False),
        ("fc00::1", False),
        ("::ffff:10.0.0.1", False),
        ("::ffff:93.184.215.14", True),
        ("2002:0a00:0001::1", False),  # 6to4 around 10.0.0.1
        ("not an address", False),
    ],
)
def test_public_addresses(address: str, public: bool):
    assert outbound.is_public(address) is public


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "10.0.0.5",
        "[::1]",
        "localhost",
        "LOCALHOST.",
        "api.localhost",
        "printer.local",
        "db.internal",
        "nas.lan",
        "router.home.arpa",
        "intranet",
    ],
)
def test_hosts_that_are_not_public(no_allow_list: None, host: str):
    assert outbound.host_problems(host, 443, check_dns=False) == [
        "The host is not a public address; Tuition only connects to the internet."
    ]


def test_names_are_judged_by_every_address_they_resolve_to(
    no_allow_list: None, monkeypatch: pytest.MonkeyPatch
):
    answers = {
        "ok.example.com": [PUBLIC],
        "inside.example.com": ["10.1.2.3"],
        "mixed.example.com": [PUBLIC, "192.168.0.7"],
    }
    monkeypatch.setattr(outbound, "resolve", lambda host, port: answers[host])
    assert outbound.host_problems("ok.example.com") == []
    assert outbound.host_problems("inside.example.com") != []
    assert outbound.host_problems("mixed.example.com") != []
    assert outbound.host_problems("mixed.example.com", check_dns=False) == []
    with pytest.raises(outbound.AddressRefused, match=r"192\.168\.0\.7"):
        outbound.checked_addresses("mixed.example.com", 443)


def test_allow_list_admits_private_hosts_and_http(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(outbound.ALLOWED_HOSTS_VARIABLE, " relay.internal , 10.0.0.9,[::1]")
    assert outbound.allowed_hosts() == {"relay.internal", "10.0.0.9", "::1"}
    assert outbound.url_problems("http://relay.internal:8080/x") == []
    assert outbound.url_problems("http://10.0.0.9/x") == []
    assert outbound.url_problems("http://[::1]/x") == []
    assert outbound.url_problems("http://10.0.0.10/x") != []


def test_the_former_variable_name_still_counts(
    no_allow_list: None, monkeypatch: pytest.MonkeyPatch, caplog
):
    monkeypatch.setenv(outbound.FORMER_ALLOWED_HOSTS_VARIABLE, "relay.internal")
    monkeypatch.setattr(outbound, "_warned_former", False)
    with caplog.at_level("WARNING", logger="tuition.outbound"):
        assert outbound.url_problems("http://relay.internal/hooks") == []
        assert outbound.url_problems("http://relay.internal/again") == []
    assert [r.getMessage() for r in caplog.records] == [
        "TUITION_WEBHOOK_ALLOWED_HTTP_HOSTS is deprecated: set TUITION_OUTBOUND_ALLOWED_HOSTS "
        "instead (it covers every outbound host)"
    ]


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("ftp://example.com/x", "Use an absolute https:// URL."),
        ("https:///x", "Use an absolute https:// URL."),
        ("http://example.com/x", "Use https://"),
        ("https://user:pw@example.com/x", "Credentials in the URL are not allowed."),
        ("https://example.com/x#frag", "Remove the #fragment."),
        ("https://example.com:99999/x", "Not a valid URL."),
        ("https://" + "a" * 2050 + ".com/", "Longer than 2048 characters."),
        ("https://169.254.169.254/latest/meta-data", "The host is not a public address"),
    ],
)
def test_url_problems(no_allow_list: None, url: str, problem: str):
    problems = outbound.url_problems(url, check_dns=False)
    assert len(problems) == 1 and problems[0].startswith(problem)


# -- guarded connections against real local servers ----------------------------------------


@pytest.fixture
def http_server() -> Iterator[dict[str, Any]]:
    """An HTTP server on 127.0.0.1 answering what ``state['answer']`` says."""
    state: dict[str, Any] = {"answer": (200, b'{"keys": []}'), "requests": 0}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state["requests"] += 1
            status, body = state["answer"]
            self.send_response(status)
            if status in (301, 302):
                self.send_header("Location", state["location"])
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state["url"] = f"http://127.0.0.1:{server.server_address[1]}/jwks.json"
    yield state
    server.shutdown()
    server.server_close()


def test_fetch_json_from_an_allowed_host(http_server: dict[str, Any]):
    # 127.0.0.1 is allow-listed for the test run (core's pytest plugin).
    assert outbound.fetch_json(http_server["url"], timeout=5) == {"keys": []}


def test_fetch_json_refuses_a_private_host_without_connecting(
    http_server: dict[str, Any], no_allow_list: None
):
    with pytest.raises(outbound.FetchFailed, match="URL refused"):
        outbound.fetch_json(http_server["url"], timeout=5)
    assert http_server["requests"] == 0


def test_fetch_json_connects_only_to_the_checked_address(
    http_server: dict[str, Any], no_allow_list: None, monkeypatch: pytest.MonkeyPatch
):
    """DNS rebinding: the URL names a public host whose answer turns into 127.0.0.1."""
    monkeypatch.setattr(outbound, "resolve", lambda host, port: ["127.0.0.1"])
    port = http_server["url"].split(":")[2].split("/")[0]
    with pytest.raises(outbound.FetchFailed, match=r"address refused.*127\.0\.0\.1"):
        outbound.fetch_json(f"https://idp.example.com:{port}/jwks.json", timeout=5)
    assert http_server["requests"] == 0


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        ((500, b"{}"), "answered HTTP 500"),
        ((302, b""), "answered HTTP 302"),  # redirects are not followed
        ((200, b"<html>"), "not JSON"),
        ((200, b"[" + b"1," * 600_000 + b"1]"), "larger than"),
    ],
)
def test_fetch_json_failures(http_server: dict[str, Any], answer: tuple[int, bytes], reason: str):
    http_server["answer"] = answer
    http_server["location"] = "http://169.254.169.254/latest/meta-data"
    with pytest.raises(outbound.FetchFailed, match=reason):
        outbound.fetch_json(http_server["url"], timeout=5)
    assert http_server["requests"] == 1


def test_connect_follows_the_policy(no_allow_list: None, monkeypatch: pytest.MonkeyPatch):
    with socket.socket() as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen()
        port = listening.getsockname()[1]
        with pytest.raises(outbound.AddressRefused, match="not a public address"):
            outbound.connect("127.0.0.1", port, 5)
        monkeypatch.setenv(outbound.ALLOWED_HOSTS_VARIABLE, "127.0.0.1")
        with outbound.connect("127.0.0.1", port, 5) as connected:
            assert connected.getpeername() == ("127.0.0.1", port)


def test_the_answer_of_a_fetch_is_json_decoded(http_server: dict[str, Any]):
    document = {"keys": [{"kid": "k", "kty": "RSA"}], "note": "ü"}
    http_server["answer"] = (200, json.dumps(document).encode())
    assert outbound.fetch_json(http_server["url"], timeout=5) == document
