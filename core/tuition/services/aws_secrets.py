"""``aws-sm:`` references: secrets read from AWS Secrets Manager with boto3.

The client takes its region, credentials and endpoint from the standard AWS configuration
(``AWS_REGION`` or ``AWS_DEFAULT_REGION``, ``AWS_PROFILE``, instance roles,
``AWS_ENDPOINT_URL_SECRETS_MANAGER`` or ``AWS_ENDPOINT_URL``, ``~/.aws/config``); Tuition
needs ``secretsmanager:GetSecretValue`` on the secrets the operator allows
(``TUITION_AWS_SECRETS_ALLOWED``). Caching is core's (:mod:`tuition.services.secret_store`);
this module only checks names and fetches.
"""

from __future__ import annotations

import fnmatch
import logging
import os
import re
import threading
from collections.abc import Sequence
from typing import Any

from tuition.config import AWS_SECRETS_ALLOWED_VARIABLE
from tuition.plugin_api import SecretUnavailable

SCHEME = "aws-sm"
#: A secret's name (letters, digits, ``/_+=.@-``) or ARN (with ``:``).
_NAME = re.compile(r"[A-Za-z0-9/_+=.@:-]{1,2048}")
log = logging.getLogger(__name__)


class AwsSecretsManager:
    """The resolver of ``aws-sm:<name or ARN>`` (see :class:`tuition.plugin_api.SecretResolver`)."""

    scheme = SCHEME

    def __init__(self, allowed: Sequence[str]) -> None:
        self.allowed = tuple(allowed)
        self._client: Any = None
        self._lock = threading.Lock()

    def refused(self, name: str) -> str | None:
        if not _NAME.fullmatch(name):
            return (
                f"{SCHEME}:{name} does not name a secret: {SCHEME}:<name or ARN>[#<json key>], "
                "a name of letters, digits and /_+=.@-"
            )
        if not self.allowed:
            return (
                f"This installation allows no {SCHEME}: references (the operator's "
                f"{AWS_SECRETS_ALLOWED_VARIABLE} is empty)."
            )
        if not any(fnmatch.fnmatchcase(name, pattern) for pattern in self.allowed):
            return (
                f"{SCHEME}:{name} names a secret the operator does not allow settings to use "
                f"({AWS_SECRETS_ALLOWED_VARIABLE})."
            )
        return None

    @property
    def client(self) -> Any:
        """The Secrets Manager client, made on first use (thread-safe once made)."""
        if self._client is None:
            with self._lock:
                if self._client is None:
                    self._client = _make_client()
        return self._client

    def fetch(self, name: str) -> str:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            answer = self.client.get_secret_value(SecretId=name)
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            log.warning("AWS Secrets Manager refused secret %r: %s", name, code)
            if code == "ResourceNotFoundException":
                raise SecretUnavailable(
                    f"AWS Secrets Manager has no secret {name!r} (or none Tuition may see)."
                ) from None
            if code == "AccessDeniedException":
                raise SecretUnavailable(
                    f"Tuition may not read the secret {name!r} from AWS Secrets Manager "
                    "(it needs secretsmanager:GetSecretValue on it)."
                ) from None
            raise SecretUnavailable(
                f"AWS Secrets Manager did not give the secret {name!r} ({code or 'error'})."
            ) from None
        except BotoCoreError as exc:  # no region, no credentials, no connection, …
            log.warning(
                "AWS Secrets Manager could not be asked for %r: %s", name, type(exc).__name__
            )
            raise SecretUnavailable(
                f"AWS Secrets Manager cannot be reached for the secret {name!r} "
                f"({type(exc).__name__})."
            ) from None
        value = answer.get("SecretString")
        if not isinstance(value, str):
            raise SecretUnavailable(f"The secret {name!r} holds binary data, not text.")
        return value


def _make_client() -> Any:
    import boto3
    from botocore.config import Config
    from botocore.exceptions import BotoCoreError

    # botocore logs whole responses (secret values too) at DEBUG: never let them through.
    for noisy in ("botocore", "boto3"):
        logger = logging.getLogger(noisy)
        if logger.getEffectiveLevel() < logging.INFO:
            logger.setLevel(logging.INFO)
    try:
        return boto3.session.Session().client(
            "secretsmanager",
            # botocore reads AWS_DEFAULT_REGION and the config file; AWS_REGION is what
            # AWS's runtimes (ECS, Lambda) and the other SDKs set, so it comes first.
            region_name=os.environ.get("AWS_REGION") or None,
            config=Config(connect_timeout=5, read_timeout=10, retries={"max_attempts": 3}),
        )
    except BotoCoreError as exc:  # e.g. NoRegionError: AWS_REGION is not set
        log.warning("no AWS Secrets Manager client: %s", exc)
        raise SecretUnavailable(
            f"AWS Secrets Manager is not configured here ({type(exc).__name__}: set AWS_REGION)."
        ) from None
