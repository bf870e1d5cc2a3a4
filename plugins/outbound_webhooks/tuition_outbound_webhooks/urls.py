"""Which URLs a tenant may register, and an HTTP session that only connects to public
addresses (SSRF protection).

* ``https`` only; ``http`` just for hosts in the operator's allow-list
  ``TUITION_WEBHOOK_ALLOWED_HTTP_HOSTS`` (comma-separated, e.g. ``127.0.0.1`` for tests or
  an internal relay). Allow-listed hosts may also be private addresses.
* Every other host must be a public name or address: loopback, private, link-local
  (``169.254.169.254``), carrier-grade NAT, multicast and reserved addresses are refused,
  as are names that are not public (``localhost``, single labels, ``.local``, …).
* The host is resolved at registration (refused if any address is not public) and again at
  each delivery, where the connection goes to the address that was checked, so a DNS
  answer that changes in between (rebinding) cannot point a delivery inside.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.util import connection as urllib3_connection

ALLOWED_HTTP_HOSTS_VARIABLE = "TUITION_WEBHOOK_ALLOWED_HTTP_HOSTS"
MAX_URL_LENGTH = 2048
_NOT_PUBLIC_SUFFIXES = (".localhost", ".local", ".internal", ".lan", ".home.arpa")


class AddressRefused(Exception):
    """The endpoint's host resolves to an address deliveries may not go to."""


def allowed_http_hosts() -> frozenset[str]:
    """The operator's allow-list (read at each use, so tests can set it)."""
    raw = os.environ.get(ALLOWED_HTTP_HOSTS_VARIABLE, "")
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


def url_problems(url: str, *, check_dns: bool = True) -> list[str]:
    """Why ``url`` may not be an endpoint ([] when it may). With ``check_dns`` the host is
    resolved; a name that does not resolve (yet) is accepted, its deliveries fail."""
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
        return ["Credentials in the URL are not allowed; use the signature to authenticate."]
    if parts.fragment:
        return ["Remove the #fragment."]
    allowed = host in allowed_http_hosts()
    if parts.scheme == "http" and not allowed:
        return ["Use https:// (http is only allowed for hosts the operator lists in "
                f"{ALLOWED_HTTP_HOSTS_VARIABLE})."]
    if allowed:
        return []
    refused = "The host is not a public address; deliveries may only go to the internet."
    if _is_ip(host):
        return [] if is_public(host) else [refused]
    if "." not in host.rstrip(".") or host.rstrip(".") == "localhost" or \
            host.rstrip(".").endswith(_NOT_PUBLIC_SUFFIXES):
        return [refused]
    if check_dns:
        try:
            addresses = resolve(host, port or (443 if parts.scheme == "https" else 80))
        except (OSError, UnicodeError):
            return []
        if not all(is_public(a) for a in addresses):
            return [refused]
    return []


# -- the guarded HTTP session ------------------------------------------------------------


def _guarded_new_conn(conn: HTTPConnection) -> socket.socket:
    """Resolve, refuse non-public addresses (unless allow-listed), then connect to the very
    address that was checked."""
    host = conn._dns_host
    try:
        addresses = resolve(host, conn.port or 0)
    except socket.gaierror as exc:
        raise NameResolutionError(conn.host, conn, exc) from exc
    if (conn.host or "").lower().strip("[]") not in allowed_http_hosts():
        refused = [a for a in addresses if not is_public(a)]
        if refused:
            raise AddressRefused(f"{conn.host} resolves to {refused[0]}, which is not a "
                                 "public address")
    error: Exception | None = None
    for address in addresses:
        try:
            return urllib3_connection.create_connection(
                (address, conn.port), conn.timeout, source_address=conn.source_address,
                socket_options=conn.socket_options)
        except TimeoutError as exc:
            error = ConnectTimeoutError(
                conn, f"Connection to {conn.host} timed out. (connect timeout={conn.timeout})")
            error.__cause__ = exc
        except OSError as exc:
            error = NewConnectionError(conn, f"Failed to establish a new connection: {exc}")
            error.__cause__ = exc
    raise error or NameResolutionError(conn.host, conn, socket.gaierror("no address"))


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
        self.poolmanager.pool_classes_by_scheme = {"http": _GuardedHTTPPool,
                                                   "https": _GuardedHTTPSPool}


def guarded_session() -> requests.Session:
    """A requests session that connects only to checked addresses and ignores the
    environment (no proxies, no .netrc credentials)."""
    session = requests.Session()
    session.trust_env = False
    adapter = _GuardedAdapter(max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
