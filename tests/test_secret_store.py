"""``aws-sm:`` references against a local AWS endpoint (moto's server mode, real boto3 calls
over HTTP), and the secret-store interface plugins register stores through."""

from __future__ import annotations

import dataclasses
import json
import logging
import uuid
from typing import Any

import boto3
import pytest
from marshmallow import Schema, fields

from tuition.config import Settings, SettingsError
from tuition.models import TenantPlugin
from tuition.plugin_api import (
    Capabilities,
    CheckoutSession,
    ConfigurationError,
    CredentialsRefused,
    OrderInfo,
    PaymentError,
    PaymentProvider,
    PluginInfo,
    ProviderEvent,
    ProviderStatus,
    RefundResult,
    SecretUnavailable,
    TuitionError,
    WebhookRequest,
    WebhookVerificationError,
    hookimpl,
)
from tuition.runtime import Tuition
from tuition.services.aws_secrets import AwsSecretsManager
from tuition.services.secret_store import SecretStore
from tuition.testing.aws import use_local_aws
from tuition.testing.databases import write_transaction_open

ALLOWED = ("tuition/*",)
OPERATOR = {"Authorization": "Bearer op_test_operator_token"}


@pytest.fixture
def aws(moto_endpoint: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> Any:
    """The standard AWS configuration pointing at moto (as an operator would point it at
    AWS), and a client of the test's own to create and rotate secrets with."""
    use_local_aws(monkeypatch, tmp_path, moto_endpoint)
    return boto3.session.Session().client("secretsmanager", region_name="eu-west-1")


def new_secret(aws: Any, value: str | dict[str, Any]) -> str:
    """A new secret under ``tuition/`` (names are unique: moto's state is the session's)."""
    name = f"tuition/test-{uuid.uuid4().hex[:12]}"
    text = value if isinstance(value, str) else json.dumps(value)
    aws.create_secret(Name=name, SecretString=text)
    return name


def rotate(aws: Any, name: str, value: dict[str, Any]) -> None:
    aws.put_secret_value(SecretId=name, SecretString=json.dumps(value))


class Requests:
    """Counts the GetSecretValue requests a resolver's client sends (botocore's event)."""

    def __init__(self, resolver: AwsSecretsManager) -> None:
        self.count = 0
        resolver.client.meta.events.register(
            "before-send.secrets-manager.GetSecretValue", self._sent
        )

    def _sent(self, **_: Any) -> None:
        self.count += 1


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def make_store(
    allowed: tuple[str, ...] = ALLOWED, ttl: int = 300
) -> tuple[SecretStore, AwsSecretsManager, Clock]:
    resolver, clock = AwsSecretsManager(allowed), Clock()
    store = SecretStore([resolver], ttl_seconds=ttl, env_prefix="TUITION_SECRET_", clock=clock)
    return store, resolver, clock


# -- resolving, caching, refreshing (the store on its own) --------------------------------


def test_a_key_of_a_json_secret_and_a_whole_secret_resolve(aws):
    store, _, _ = make_store()
    keyed = new_secret(aws, {"api_key": "sk-json-1", "webhook_secret": "wh-1"})
    whole = new_secret(aws, "the-whole-string")
    assert store.resolve(f"aws-sm:{keyed}#api_key") == "sk-json-1"
    assert store.resolve(f"aws-sm:{keyed}#webhook_secret") == "wh-1"
    assert store.resolve(f"aws-sm:{whole}") == "the-whole-string"
    arn = aws.describe_secret(SecretId=whole)["ARN"]
    by_arn, _, _ = make_store(allowed=("arn:aws:secretsmanager:*:secret:tuition/*",))
    assert by_arn.resolve(f"aws-sm:{arn}") == "the-whole-string"
    assert store.resolve("plain value") == "plain value"
    assert store.resolve("vault:not-a-registered-scheme") == "vault:not-a-registered-scheme"


def test_values_are_cached_for_the_ttl(aws):
    store, resolver, clock = make_store(ttl=300)
    requests = Requests(resolver)
    name = new_secret(aws, {"api_key": "k1", "other": "o1"})
    assert store.resolve(f"aws-sm:{name}#api_key") == "k1"
    assert store.resolve(f"aws-sm:{name}#api_key") == "k1"
    assert store.resolve(f"aws-sm:{name}#other") == "o1"  # another key of the same secret
    assert requests.count == 1
    rotate(aws, name, {"api_key": "k2", "other": "o2"})
    clock.now += 299
    assert store.resolve(f"aws-sm:{name}#api_key") == "k1"  # cached: the store not asked
    assert requests.count == 1
    clock.now += 1
    assert store.resolve(f"aws-sm:{name}#api_key") == "k2"
    assert requests.count == 2


def test_a_ttl_of_zero_fetches_on_every_use(aws):
    store, resolver, _ = make_store(ttl=0)
    requests = Requests(resolver)
    name = new_secret(aws, "v")
    store.resolve(f"aws-sm:{name}")
    store.resolve(f"aws-sm:{name}")
    assert requests.count == 2


def test_refresh_fetches_anew_once_and_keeps_the_new_value(aws):
    store, resolver, _ = make_store()
    requests = Requests(resolver)
    name = new_secret(aws, {"api_key": "k1"})
    reference = f"aws-sm:{name}#api_key"
    assert store.resolve(reference) == "k1"
    rotate(aws, name, {"api_key": "k2"})
    assert store.resolve(reference) == "k1"
    assert store.resolve(reference, refresh=True) == "k2"
    assert requests.count == 2
    assert store.resolve(reference) == "k2"
    assert requests.count == 2


@pytest.mark.parametrize(
    ("reference", "says"),
    [
        ("aws-sm:tuition/no-such-secret", "has no secret 'tuition/no-such-secret'"),
        ("aws-sm:{json}#missing", "no JSON object with the key 'missing'"),
        ("aws-sm:{text}#api_key", "no JSON object with the key 'api_key'"),
    ],
)
def test_a_secret_that_cannot_be_had_is_a_clear_503(aws, reference, says):
    store, _, _ = make_store()
    reference = reference.format(
        json=new_secret(aws, {"api_key": "present-value"}), text=new_secret(aws, "plain-text")
    )
    with pytest.raises(SecretUnavailable) as info:
        store.resolve(reference)
    problem = info.value.to_problem()
    assert (problem["status"], problem["code"]) == (503, "secret_unavailable")
    assert says in problem["detail"]
    assert "present-value" not in str(problem) and "plain-text" not in str(problem)


def test_no_region_is_a_clear_503(aws, monkeypatch):
    monkeypatch.delenv("AWS_REGION")
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    store, _, _ = make_store()
    with pytest.raises(SecretUnavailable, match="AWS_REGION"):
        store.resolve("aws-sm:tuition/anything")


def test_a_reference_the_operator_no_longer_allows_is_refused_when_used(aws):
    name = new_secret(aws, "still-there")
    store, _, _ = make_store(allowed=("tuition/other-*",))
    with pytest.raises(TuitionError) as info:
        store.resolve(f"aws-sm:{name}")
    assert (info.value.status, info.value.code) == (503, "secret_reference_refused")
    assert "still-there" not in str(info.value.to_problem())


def test_secret_values_are_never_logged(aws, caplog):
    name = new_secret(aws, {"api_key": "never-in-a-log-line-42"})  # (the test's own client)
    caplog.set_level(logging.DEBUG)  # as TUITION_LOG_LEVEL=DEBUG: botocore logs responses
    store, _, _ = make_store()
    store.resolve(f"aws-sm:{name}#api_key", refresh=True)
    with pytest.raises(SecretUnavailable):
        store.resolve(f"aws-sm:{name}#nope")
    assert name in caplog.text  # names are logged: the test would see a value
    assert "never-in-a-log-line-42" not in caplog.text


# -- the operator's settings --------------------------------------------------------------


def test_the_allow_list_and_the_ttl_are_operator_settings():
    settings = Settings.from_env(
        {"TUITION_AWS_SECRETS_ALLOWED": "tuition/*, arn:aws:secretsmanager:*:secret:shop-?"}
    )
    assert settings.aws_secrets_allowed == ("tuition/*", "arn:aws:secretsmanager:*:secret:shop-?")
    assert settings.secrets_cache_seconds == 300
    assert Settings.from_env({}).aws_secrets_allowed == ()
    assert Settings.from_env({"TUITION_SECRETS_CACHE_SECONDS": "0"}).secrets_cache_seconds == 0


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("TUITION_AWS_SECRETS_ALLOWED", "tuition/*,shop secrets"),
        ("TUITION_AWS_SECRETS_ALLOWED", "tuition/#api_key"),
        ("TUITION_SECRETS_CACHE_SECONDS", "-1"),
        ("TUITION_SECRETS_CACHE_SECONDS", "five minutes"),
    ],
)
def test_a_bad_operator_setting_is_one_line_naming_it(variable, value):
    with pytest.raises(SettingsError) as info:
        Settings.from_env({variable: value})
    line = str(info.value)
    assert line.startswith(f"{variable}: ") and "\n" not in line


# -- through the API: a provider whose key lives in the store -----------------------------


class Gateway:
    """The payment provider's side: the keys calls came with, and the one it accepts."""

    def __init__(self) -> None:
        self.keys_seen: list[str] = []
        self.accepts: str | None = None


class StoreSettings(Schema):
    api_key = fields.String(required=True, metadata={"secret": True})
    region = fields.String(load_default="eu")


class StoreKeyedProvider(PaymentProvider):
    """Refuses a key its gateway does not accept as an authentication failure."""

    name = "store_keyed"
    capabilities = Capabilities(currencies=frozenset({"EUR"}), refunds=False, partial_refunds=False)
    gateway: Gateway

    def create_checkout(self, order: OrderInfo) -> CheckoutSession:
        key = self.settings["api_key"]
        self.gateway.keys_seen.append(key)
        if key != self.gateway.accepts:
            raise CredentialsRefused("The gateway refused the API key.")
        return CheckoutSession(reference=f"sk_{order.id}", frontend={})

    def verify_webhook(self, request: WebhookRequest) -> list[ProviderEvent]:
        raise WebhookVerificationError("no webhooks")

    def fetch_status(self, order: OrderInfo) -> ProviderStatus:
        return ProviderStatus(kind="payment.pending")

    def refund(self, order: OrderInfo, amount: int) -> RefundResult:
        raise PaymentError("no refunds", retryable=False)


class StoreKeyedPlugin:
    TUITION_PLUGIN = PluginInfo(title="Provider with its key in a secret store", category="payment")

    def __init__(self, gateway: Gateway) -> None:
        StoreKeyedProvider.gateway = gateway

    @hookimpl
    def tuition_plugin_settings(self):
        return StoreSettings

    @hookimpl
    def tuition_payment_providers(self):
        return [StoreKeyedProvider]


class DictStore:
    """A secret store of a plugin (as Vault's would be), holding its secrets in a dict."""

    scheme = "test-vault"

    def __init__(self) -> None:
        self.secrets: dict[str, str] = {}
        self.fetched: list[str] = []

    def refused(self, name: str) -> str | None:
        return None if name.startswith("shop/") else f"test-vault:{name} is not allowed here."

    def fetch(self, name: str) -> str:
        self.fetched.append(name)
        if name not in self.secrets:
            raise SecretUnavailable(f"test-vault has no secret {name!r}.")
        return self.secrets[name]


class DictStorePlugin:
    TUITION_PLUGIN = PluginInfo(title="A secret store")

    def __init__(self, store: DictStore) -> None:
        self.store = store

    @hookimpl
    def tuition_secret_resolvers(self):
        return [self.store]


@pytest.fixture
def gateway() -> Gateway:
    return Gateway()


@pytest.fixture
def dict_store() -> DictStore:
    return DictStore()


@pytest.fixture
def tuition_plugins(gateway, dict_store):
    return [("store_keyed", StoreKeyedPlugin(gateway)), ("dict_store", DictStorePlugin(dict_store))]


@pytest.fixture
def aws_secrets_allowed() -> tuple[str, ...]:
    """The operator's TUITION_AWS_SECRETS_ALLOWED (parametrise to change it)."""
    return ALLOWED


@pytest.fixture
def tuition_settings(
    tuition_settings: Settings, aws: Any, aws_secrets_allowed: tuple[str, ...]
) -> Settings:
    return dataclasses.replace(tuition_settings, aws_secrets_allowed=aws_secrets_allowed)


@pytest.fixture
def fetches(runtime: Tuition) -> Requests:
    resolver = runtime.secrets.resolvers["aws-sm"]
    assert isinstance(resolver, AwsSecretsManager)
    return Requests(resolver)


def paid_shop(api: Any, api_key: str, **settings: Any) -> Any:
    shop = api.create_tenant({"store_keyed": {"settings": {"api_key": api_key, **settings}}})
    api.create_course(
        shop, "paid", pricing_model="one_time", price={"amount": 2500, "currency": "EUR"}
    )
    return shop


def orders(api: Any, shop: Any) -> int:
    return api.call("GET", "/v1/admin/orders", headers=shop.admin, expect=200).get_json()["total"]


def test_a_provider_gets_the_secret_and_a_rotation_refetches_once(api, aws, gateway, fetches):
    name = new_secret(aws, {"api_key": "key-1", "region": "eu"})
    gateway.accepts = "key-1"
    shop = paid_shop(api, f"aws-sm:{name}#api_key", region=f"aws-sm:{name}#region")
    first = api.enroll(shop, api.signup(shop), "paid", expect=202)
    assert "key-1" not in first.get_data(as_text=True)
    assert gateway.keys_seen == ["key-1"] and fetches.count == 1  # two keys, one secret
    rotate(aws, name, {"api_key": "key-2", "region": "eu"})  # the gateway takes the new key
    gateway.accepts = "key-2"
    api.enroll(shop, api.signup(shop), "paid", expect=202)
    assert gateway.keys_seen == ["key-1", "key-1", "key-2"]  # refused, fetched anew, called
    assert fetches.count == 2  # exactly one re-fetch
    api.enroll(shop, api.signup(shop), "paid", expect=202)
    assert gateway.keys_seen[-1] == "key-2" and fetches.count == 2  # the new value cached


def test_a_credential_still_refused_after_the_refetch_fails_once(api, aws, gateway, fetches):
    name = new_secret(aws, {"api_key": "key-1"})
    gateway.accepts = "key-1"
    shop = paid_shop(api, f"aws-sm:{name}#api_key")
    api.enroll(shop, api.signup(shop), "paid", expect=202)
    gateway.accepts = "revoked-everywhere"
    problem = api.enroll(shop, api.signup(shop), "paid", expect=502).get_json()
    assert problem["code"] == "payment_provider_error"
    assert gateway.keys_seen == ["key-1", "key-1"]  # the same key: no second call
    assert fetches.count == 2  # one re-fetch, no more


def test_an_unknown_secret_answers_503_naming_it_and_releases_the_hold(api, aws, gateway, fetches):
    shop = paid_shop(api, "aws-sm:tuition/never-created#api_key")
    response = api.enroll(shop, api.signup(shop), "paid", expect=503)
    problem = response.get_json()
    assert problem["code"] == "secret_unavailable"
    assert "tuition/never-created" in problem["detail"]
    assert gateway.keys_seen == [] and fetches.count == 1
    listed = api.call("GET", "/v1/admin/orders", headers=shop.admin, expect=200).get_json()
    assert [(o["status"], o["enrollment_status"]) for o in listed["items"]] == [
        ("failed", "canceled")
    ]
    course = api.call("GET", "/v1/admin/courses/paid", headers=shop.admin, expect=200)
    assert course.get_json()["seats_taken"] == 0


def test_the_secret_store_is_asked_with_no_write_transaction_open(
    api, aws, gateway, fetches, runtime
):
    """The checkout's provider is built (its secrets fetched over the network) after the
    transaction that holds the seat committed, as the provider itself is called."""
    writing: list[bool] = []

    def probe(**_: Any) -> None:
        writing.append(write_transaction_open(runtime.engine))

    runtime.secrets.resolvers["aws-sm"].client.meta.events.register(
        "before-send.secrets-manager.GetSecretValue", probe
    )
    name = new_secret(aws, {"api_key": "key-1"})
    gateway.accepts = "key-1"
    shop = paid_shop(api, f"aws-sm:{name}#api_key")
    api.enroll(shop, api.signup(shop), "paid", expect=202)
    assert writing == [False]


@pytest.mark.parametrize(
    ("aws_secrets_allowed", "reference", "says"),
    [
        ((), "aws-sm:tuition/shop#api_key", "allows no aws-sm: references"),
        (ALLOWED, "aws-sm:other/shop#api_key", "TUITION_AWS_SECRETS_ALLOWED"),
        (ALLOWED, "aws-sm:#api_key", "names a secret"),
        (ALLOWED, "aws-sm:tuition/shop#", "names no key after '#'"),
        (ALLOWED, "aws-sm:tuition/shop secret", "does not name a secret"),
        (ALLOWED, "test-vault:elsewhere/key", "not allowed here"),
    ],
)
def test_references_the_operator_does_not_allow_are_refused_when_saved(
    api, tenant, runtime, reference, says
):
    problem = api.call(
        "PUT",
        "/v1/admin/plugins/store_keyed",
        headers=tenant.admin,
        expect=422,
        json={"enabled": True, "settings": {"api_key": reference}},
    ).get_json()
    assert problem["code"] == "validation_error"
    assert list(problem["errors"]) == ["settings.api_key"]
    assert says in problem["errors"]["settings.api_key"][0]
    with runtime.session() as session:
        assert session.query(TenantPlugin).filter_by(plugin="store_keyed").count() == 0
    problem = api.call(
        "POST",
        "/v1/tenants",
        expect=422,
        headers=OPERATOR,
        json={
            "slug": "refused-store",
            "name": "R",
            "plugins": {"store_keyed": {"settings": {"api_key": reference}}},
        },
    ).get_json()
    assert list(problem["errors"]) == ["plugins.store_keyed.settings.api_key"]


def test_responses_show_the_reference_never_the_value(api, aws, gateway, runtime):
    name = new_secret(aws, {"api_key": "value-never-shown-7"})
    gateway.accepts = "value-never-shown-7"
    reference = f"aws-sm:{name}#api_key"
    shop = paid_shop(api, reference)
    body = api.call(
        "PUT",
        "/v1/admin/plugins/store_keyed",
        headers=shop.admin,
        expect=200,
        json={"enabled": True, "settings": {"api_key": reference, "region": "us"}},
    )
    assert body.get_json()["settings"] == {"api_key": reference, "region": "us"}
    enrolled = api.enroll(shop, api.signup(shop), "paid", expect=202)  # resolved now
    assert gateway.keys_seen == ["value-never-shown-7"]
    texts = [enrolled.get_data(as_text=True), body.get_data(as_text=True)]
    for path in (
        "/v1/admin/plugins",
        "/v1/admin/plugins/store_keyed",
        "/v1/admin/tenant",
        "/v1/admin/audit",
        "/v1/admin/orders",
    ):
        texts.append(api.call("GET", path, headers=shop.admin, expect=200).get_data(as_text=True))
    assert all("value-never-shown-7" not in text for text in texts)
    assert reference in texts[2]
    # Sent back as shown, the reference stays the reference.
    shown = api.call("GET", "/v1/admin/plugins/store_keyed", headers=shop.admin, expect=200)
    api.call(
        "PUT",
        "/v1/admin/plugins/store_keyed",
        headers=shop.admin,
        expect=200,
        json={"enabled": True, "settings": shown.get_json()["settings"]},
    )
    with runtime.session(shop.id) as session:
        row = session.query(TenantPlugin).filter_by(plugin="store_keyed").one()
        assert row.settings["api_key"] == reference


# -- a store registered by a plugin --------------------------------------------------------


def test_a_plugins_store_resolves_like_core_s(api, gateway, dict_store, runtime):
    dict_store.secrets["shop/keys"] = json.dumps({"api_key": "vaulted-key"})
    gateway.accepts = "vaulted-key"
    shop = paid_shop(api, "test-vault:shop/keys#api_key")
    shown = api.call("GET", "/v1/admin/plugins/store_keyed", headers=shop.admin, expect=200)
    assert shown.get_json()["settings"]["api_key"] == "test-vault:shop/keys#api_key"
    api.enroll(shop, api.signup(shop), "paid", expect=202)
    api.enroll(shop, api.signup(shop), "paid", expect=202)
    assert gateway.keys_seen == ["vaulted-key", "vaulted-key"]
    assert dict_store.fetched == ["shop/keys"]  # cached by core
    assert runtime.secret("test-vault:shop/keys#api_key", refresh=True) == "vaulted-key"
    assert dict_store.fetched == ["shop/keys", "shop/keys"]
    del dict_store.secrets["shop/keys"]
    with pytest.raises(SecretUnavailable, match="shop/keys"):
        runtime.secret("test-vault:shop/keys", refresh=True)


class Claims:
    """A plugin claiming a scheme core owns."""

    def __init__(self, scheme: str) -> None:
        self.store = DictStore()
        self.store.scheme = scheme

    @hookimpl
    def tuition_secret_resolvers(self):
        return [self.store]


@pytest.mark.parametrize("scheme", ["aws-sm", "env"])
def test_a_plugin_cannot_take_core_s_schemes(tmp_path, scheme):
    settings = Settings(
        database_url=f"sqlite:///{tmp_path}/s.db",
        load_entry_points=False,
        extra_plugins=(("claims", Claims(scheme)),),
    )
    with pytest.raises(ConfigurationError, match=f"scheme '{scheme}'"):
        Tuition(settings)


def test_two_plugins_cannot_register_one_scheme(tmp_path):
    settings = Settings(
        database_url=f"sqlite:///{tmp_path}/s.db",
        load_entry_points=False,
        extra_plugins=(("one", Claims("vault")), ("two", Claims("vault"))),
    )
    with pytest.raises(ConfigurationError, match="'one' and 'two'"):
        Tuition(settings)
