"""A local OpenID provider for the console's browser tests: the authorization code flow
with PKCE (S256) as a public client, RS256 ID tokens, a JWK set, on 127.0.0.1.

``/authorize`` checks the request (client, redirect URI, ``code_challenge_method=S256``)
and shows a page whose button signs in as :attr:`LocalOpenIdProvider.user`; ``/token``
redeems a code once, only with the verifier whose SHA-256 is the challenge, for the same
client and redirect URI, and answers the browser with CORS headers as public-client
providers (Amazon Cognito, Auth0) do; ``/jwks.json`` serves the public key Tuition checks.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

CLIENT_ID = "tuition-console"
KID = "local-oidc-1"


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@dataclass
class LocalOpenIdProvider:
    url: str = ""
    user: dict[str, Any] = field(default_factory=dict)
    key: rsa.RSAPrivateKey = field(
        default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    token_requests: list[dict[str, str]] = field(default_factory=list)

    @property
    def issuer(self) -> str:
        return self.url + "/"

    def identity_provider(self) -> dict[str, Any]:
        """The site's ``identity_provider`` settings trusting this provider, for the
        console too."""
        return {
            "jwks_url": f"{self.url}/jwks.json",
            "issuer": self.issuer,
            "audience": CLIENT_ID,
            "console": {
                "authorization_endpoint": f"{self.url}/authorize",
                "token_endpoint": f"{self.url}/token",
                "client_id": CLIENT_ID,
            },
        }

    def id_token(self, nonce: str | None) -> str:
        now = int(time.time())
        claims = {"iss": self.issuer, "aud": CLIENT_ID, "iat": now, "exp": now + 300, **self.user}
        if nonce:
            claims["nonce"] = nonce
        return jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": KID})

    def jwks(self) -> dict[str, Any]:
        jwk: dict[str, Any] = RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return {"keys": [{**jwk, "kid": KID, "use": "sig", "alg": "RS256"}]}


class _Handler(BaseHTTPRequestHandler):
    provider: LocalOpenIdProvider

    def _send(self, status: int, body: bytes, kind: str, headers: dict[str, str] | None = None):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, body: dict[str, Any]) -> None:
        self._send(status, json.dumps(body).encode(), "application/json")

    def do_OPTIONS(self) -> None:
        self._send(
            204,
            b"",
            "text/plain",
            {"Access-Control-Allow-Methods": "POST", "Access-Control-Allow-Headers": "*"},
        )

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        if parts.path == "/jwks.json":
            return self._json(200, self.provider.jwks())
        if parts.path == "/authorize":
            problems = [
                name
                for name, ok in (
                    ("response_type", query.get("response_type") == "code"),
                    ("client_id", query.get("client_id") == CLIENT_ID),
                    ("redirect_uri", "/auth/callback" in query.get("redirect_uri", "")),
                    ("code_challenge_method", query.get("code_challenge_method") == "S256"),
                    ("code_challenge", len(query.get("code_challenge", "")) == 43),
                    ("state", bool(query.get("state"))),
                )
                if not ok
            ]
            if problems:
                return self._send(400, f"bad {problems}".encode(), "text/plain")
            approve = "/approve?" + urlencode(query)
            who = html.escape(str(self.provider.user.get("email")))
            page = (
                '<!doctype html><html lang="en"><title>Local OpenID provider</title>'
                f"<main><h1>Local OpenID provider</h1><a href='{html.escape(approve)}'>"
                f"Continue as {who}</a></main></html>"
            )
            return self._send(200, page.encode(), "text/html; charset=utf-8")
        if parts.path == "/approve":
            code = secrets.token_urlsafe(16)
            self.provider.codes[code] = query
            target = (
                query["redirect_uri"] + "?" + urlencode({"code": code, "state": query["state"]})
            )
            return self._send(302, b"", "text/plain", {"Location": target})
        self._send(404, b"not found", "text/plain")

    def do_POST(self) -> None:
        if urlsplit(self.path).path != "/token":
            return self._send(404, b"not found", "text/plain")
        length = int(self.headers.get("Content-Length") or 0)
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        self.provider.token_requests.append(form)
        asked = self.provider.codes.pop(form.get("code", ""), None)  # a code works once
        verifier = form.get("code_verifier", "")
        challenge = _b64url(hashlib.sha256(verifier.encode()).digest())
        if (
            asked is None
            or form.get("grant_type") != "authorization_code"
            or form.get("client_id") != asked["client_id"]
            or form.get("redirect_uri") != asked["redirect_uri"]
            or not 43 <= len(verifier) <= 128
            or challenge != asked["code_challenge"]
        ):
            return self._json(400, {"error": "invalid_grant"})
        self._json(
            200,
            {
                "id_token": self.provider.id_token(asked.get("nonce")),
                "access_token": secrets.token_urlsafe(24),
                "token_type": "Bearer",
                "expires_in": 300,
            },
        )

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


class running_provider:
    """``with running_provider() as provider:`` a :class:`LocalOpenIdProvider` on
    127.0.0.1, stopped at the end."""

    def __enter__(self) -> LocalOpenIdProvider:
        self.provider = LocalOpenIdProvider()
        handler = type("Handler", (_Handler,), {"provider": self.provider})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.provider.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        return self.provider

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
