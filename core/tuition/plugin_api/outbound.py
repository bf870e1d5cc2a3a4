"""Outbound connections to hosts a tenant chose (SSRF protection): one policy for every
URL or host a tenant admin can set (outbound webhook endpoints, the identity provider's
JWKS URL, the SMTP server).

* ``https`` only; ``http`` just for hosts in the operator's allow-list
  ``TUITION_OUTBOUND_ALLOWED_HOSTS`` (comma-separated, e.g. ``127.0.0.1`` for tests or an
  internal relay). Allow-listed hosts may also be private addresses.
* Every other host must be a public name or address: loopback, private, link-local
  (``169.254.169.254``), carrier-grade NAT, multicast and reserved addresses are refused,
  as are names that are not public (``localhost``, single labels, ``.local``, …).
* The host is resolved when it is set (refused if any address is not public) and again at
  each connection, which goes to the address that was checked, so a DNS answer that
  changes in between (rebinding) cannot point a connection inside.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import os
import socket
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3 import exceptions as urllib3_exceptions
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.util import connection as urllib3_connection

ALLOWED_HOSTS_VARIABLE = "TUITION_OUTBOUND_ALLOWED_HOSTS"
FORMER_ALLOWED_HOSTS_VARIABLE = "TUITION_WEBHOOK_ALLOWED_HTTP_HOSTS"
MAX_URL_LENGTH = 2048
MAX_JSON_BYTES = 1_000_000
_NOT_PUBLIC_SUFFIXES = (".localhost", ".local", ".internal", ".lan", ".home.arpa")


log = logging.getLogger(__name__)
_warned_former = False


class AddressRefused(Exception):
    """The host resolves to an address Tuition may not connect to."""


def allowed_hosts() -> frozenset[str]:
    """The operator's allow-list (read at each use, so tests can set it). The variable's
    former name, ``TUITION_WEBHOOK_ALLOWED_HTTP_HOSTS``, is still read (with a warning)."""
    raw = os.environ.get(ALLOWED_HOSTS_VARIABLE, "")
    former = os.environ.get(FORMER_ALLOWED_HOSTS_VARIABLE, "")
    if former:
        global _warned_former
        if not _warned_former:
            _warned_former = True
            log.warning(
                "%s is deprecated: set %s instead (it covers every outbound host)",
                FORMER_ALLOWED_HOSTS_VARIABLE,
                ALLOWED_HOSTS_VARIABLE,
            )
        raw = f"{raw},{former}"
    return frozenset(h.strip().lower().strip("[]") for h in raw.split(",") if h.strip())


def is_public(address: str) -> bool:
    """Whether ``address`` is a globally routable unicast address."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is not None and not is_public(str(embedded)):
            return False
        if ip.teredo is not None:
            return False
    return ip.is_global and not ip.is_multicast


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (raises ``socket.gaierror``)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def host_problems(host: str, port: int | None = None, *, check_dns: bool = True) -> list[str]:
    """Why Tuition may not connect to ``host`` ([] when it may). With ``check_dns`` the
    name is resolved; a name that does not resolve (yet) is accepted, connections fail."""
    host = host.lower().strip("[]")
    if host in allowed_hosts():
        return []
    refused = "The host is not a public address; Tuition only connects to the internet."
    if _is_ip(host):
        return [] if is_public(host) else [refused]
    name = host.rstrip(".")
    if "." not in name or name == "localhost" or name.endswith(_NOT_PUBLIC_SUFFIXES):
        return [refused]
    if check_dns:
        try:
            addresses = resolve(host, port or 0)
        except (OSError, UnicodeError):
            return []
        if not all(is_public(a) for a in addresses):
            return [refused]
    return []


def url_problems(url: str, *, check_dns: bool = True) -> list[str]:
    """Why Tuition may not fetch or post to ``url`` ([] when it may); see
    :func:`host_problems`."""
    if len(url) > MAX_URL_LENGTH:
        return [f"Longer than {MAX_URL_LENGTH} characters."]
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return ["Not a valid URL."]
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("https", "http") or not host:
        return ["Use an absolute https:// URL."]
    if parts.username is not None or parts.password is not None:
        return ["Credentials in the URL are not allowed."]
    if parts.fragment:
        return ["Remove the #fragment."]
    if parts.scheme == "http" and host not in allowed_hosts():
        return [
            "Use https:// (http is only allowed for hosts the operator lists in "
            f"{ALLOWED_HOSTS_VARIABLE})."
        ]
    return host_problems(
        host, port or (443 if parts.scheme == "https" else 80), check_dns=check_dns
    )


# -- guarded connections -----------------------------------------------------------------


def checked_addresses(host: str, port: int) -> list[str]:
    """The addresses of ``host`` Tuition may connect to: all of them, or
    :class:`AddressRefused` when any is not public (unless the host is allow-listed).
    Raises ``socket.gaierror`` when the name does not resolve."""
    addresses = resolve(host, port)
    if host.lower().strip("[]") not in allowed_hosts():
        refused = [a for a in addresses if not is_public(a)]
        if refused:
            raise AddressRefused(f"{host} resolves to {refused[0]}, which is not a public address")
    return addresses


def connect(host: str, port: int, timeout: Any, **options: Any) -> socket.socket:
    """A TCP connection to a checked address of ``host``, the first that answers (for SMTP,
    and under the guarded HTTP session); raises :class:`AddressRefused`,
    ``socket.gaierror`` or the last connection's ``OSError``. ``options`` go to urllib3's
    ``create_connection`` (``source_address``, ``socket_options``)."""
    error: OSError | None = None
    for address in checked_addresses(host, port):
        try:
            return urllib3_connection.create_connection((address, port), timeout, **options)
        except OSError as exc:
            error = exc
    raise error or OSError(f"{host} has no address")


def _guarded_new_conn(conn: HTTPConnection) -> socket.socket:
    """urllib3's ``_new_conn`` through :func:`connect`, with urllib3's own errors."""
    try:
        return connect(
            conn._dns_host,
            conn.port or 0,
            conn.timeout,
            source_address=conn.source_address,
            socket_options=conn.socket_options,
        )
    except socket.gaierror as exc:
        raise NameResolutionError(conn.host, conn, exc) from exc
    except TimeoutError as exc:
        raise ConnectTimeoutError(
            conn, f"Connection to {conn.host} timed out. (connect timeout={conn.timeout})"
        ) from exc
    except OSError as exc:
        raise NewConnectionError(conn, f"Failed to establish a new connection: {exc}") from exc


class _GuardedHTTPConnection(HTTPConnection):
    def _new_conn(self) -> socket.socket:
        return _guarded_new_conn(self)


class _GuardedHTTPSConnection(HTTPSConnection):
    def _new_conn(self) -> socket.socket:
        return _guarded_new_conn(self)


class _GuardedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _GuardedHTTPConnection


class _GuardedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _GuardedHTTPSConnection


class _GuardedAdapter(HTTPAdapter):
    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _GuardedHTTPPool,
            "https": _GuardedHTTPSPool,
        }


def guarded_session() -> requests.Session:
    """A requests session that connects only to checked addresses and ignores the
    environment (no proxies, no .netrc credentials)."""
    session = requests.Session()
    session.trust_env = False
    adapter = _GuardedAdapter(max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


class FetchFailed(Exception):
    """A guarded fetch got no usable answer (refused address, connection error, status,
    size or body)."""


def fetch_json(url: str, *, timeout: float, max_bytes: int = MAX_JSON_BYTES) -> Any:
    """GET ``url`` under the policy (checked address, no redirects, no proxies) and return
    its parsed JSON body; :class:`FetchFailed` says why not."""
    problems = url_problems(url, check_dns=False)
    if problems:
        raise FetchFailed(f"URL refused: {problems[0]}")
    try:
        with guarded_session() as http:
            response = http.get(
                url,
                timeout=timeout,
                allow_redirects=False,
                stream=True,
                headers={"Accept": "application/json"},
            )
            try:
                if response.status_code != 200:
                    raise FetchFailed(f"answered HTTP {response.status_code}")
                body = response.raw.read(max_bytes + 1, decode_content=True) or b""
            finally:
                response.close()
    except AddressRefused as exc:
        raise FetchFailed(f"address refused: {exc}") from exc
    except (requests.RequestException, urllib3_exceptions.HTTPError, OSError) as exc:
        raise FetchFailed(f"connection failed: {exc.__class__.__name__}") from exc
    if len(body) > max_bytes:
        raise FetchFailed(f"the answer is larger than {max_bytes} bytes")
    try:
        return json.loads(body)
    except ValueError as exc:
        raise FetchFailed("the answer is not JSON") from exc
