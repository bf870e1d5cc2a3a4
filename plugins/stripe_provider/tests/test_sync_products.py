"""``tuition stripe sync-products``: one product and one price per paid course, however
often it runs; checkout then uses the synced price while it still matches the course."""

from __future__ import annotations

from tuition.testing.cli import run_cli
from tuition_stripe_provider.sync import sync_products


def _site(stripe_env):
    site = stripe_env.site()  # "pro": 49.00 EUR
    stripe_env.api.create_course(
        site.tenant,
        "advanced",
        title="Advanced",
        pricing_model="one_time",
        price={"amount": 9900, "currency": "USD"},
    )
    stripe_env.api.create_course(site.tenant, "intro", title="Intro")  # free: not synced
    return site


def _cli(db_url, *args):
    return run_cli(["stripe", "sync-products", *args], database_url=db_url)


def _attributes(stripe_env, site, slug):
    course = stripe_env.api.call(
        "GET", f"/v1/admin/courses/{slug}", headers=site.admin, expect=200
    ).get_json()
    return course["attributes"].get("stripe_provider")


def test_dry_run_creates_and_stores_nothing(stripe_env, fake_stripe, db_url):
    site = _site(stripe_env)
    result = _cli(db_url, "--tenant", site.slug, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "[1/2] advanced: product (new) would create, price (new) would create" in (result.output)
    assert "2 course(s): 4 Stripe object(s) would be created" in result.output
    assert fake_stripe.all("product") == [] and fake_stripe.all("price") == []
    assert fake_stripe.calls("POST") == []
    assert _attributes(stripe_env, site, "pro") is None


def test_sync_twice_makes_one_product_and_price_per_course(stripe_env, fake_stripe, db_url):
    site = _site(stripe_env)
    first = _cli(db_url, "--tenant", site.slug)
    assert first.exit_code == 0, first.output
    assert "2 course(s): 4 Stripe object(s) created, 2 course(s) updated" in first.output
    products = fake_stripe.all("product", site.secret_key)
    prices = fake_stripe.all("price", site.secret_key)
    assert sorted(p["name"] for p in products) == ["Advanced", "Pro Course"]
    assert sorted((p["unit_amount"], p["currency"], p["type"]) for p in prices) == [
        (4900, "eur", "one_time"),
        (9900, "usd", "one_time"),
    ]
    stored = _attributes(stripe_env, site, "pro")
    pro_product = next(p for p in products if p["name"] == "Pro Course")
    assert stored == {
        "stripe_product_id": pro_product["id"],
        "stripe_price_id": next(p["id"] for p in prices if p["product"] == pro_product["id"]),
        "price_amount": 4900,
        "price_currency": "EUR",
    }
    assert pro_product["metadata"]["tuition_course"] == "pro"
    assert _attributes(stripe_env, site, "intro") is None
    audit = stripe_env.api.call(
        "GET",
        "/v1/admin/audit",
        headers=site.admin,
        expect=200,
        query_string={"object_type": "course", "object_id": "pro"},
    ).get_json()["items"]
    assert next((e["action"], e["before"], e["after"]) for e in audit) == (
        "updated",
        {"attributes.stripe_provider": None},
        {"attributes.stripe_provider": stored},
    )

    second = _cli(db_url, "--tenant", site.slug)
    assert second.exit_code == 0, second.output
    assert "product " + pro_product["id"] + " reused" in second.output
    assert "0 Stripe object(s) created, 0 course(s) updated" in second.output
    assert len(
        stripe_env.api.call(
            "GET",
            "/v1/admin/audit",
            headers=site.admin,
            expect=200,
            query_string={"object_type": "course", "object_id": "pro"},
        ).get_json()["items"]
    ) == len(audit)  # nothing changed, nothing audited
    assert len(fake_stripe.all("product")) == 2 and len(fake_stripe.all("price")) == 2

    # Checkout now sells the synced price.
    _, body = stripe_env.start(site)
    call = fake_stripe.calls("POST", "/v1/checkout/sessions")[-1]
    assert call.params["line_items"] == [{"price": stored["stripe_price_id"], "quantity": "1"}]
    assert fake_stripe.get(body["checkout"]["session_id"])["amount_total"] == 4900


def test_lost_ids_are_found_again_not_duplicated(stripe_env, fake_stripe, runtime):
    site = _site(stripe_env)
    sync_products(runtime, site.slug)
    for slug in ("pro", "advanced"):
        stripe_env.api.call(
            "PATCH",
            f"/v1/admin/courses/{slug}",
            headers=site.admin,
            json={"attributes": {}},
            expect=200,
        )
    results = sync_products(runtime, site.slug)
    assert [(r.product_action, r.price_action, r.stored) for r in results] == [
        ("found", "found", True),
        ("found", "found", True),
    ]
    assert len(fake_stripe.all("product")) == 2 and len(fake_stripe.all("price")) == 2
    assert _attributes(stripe_env, site, "pro")["stripe_price_id"].startswith("price_")


def test_price_and_title_changes(stripe_env, fake_stripe, runtime):
    site = _site(stripe_env)
    sync_products(runtime, site.slug)
    before = _attributes(stripe_env, site, "pro")
    stripe_env.api.call(
        "PATCH",
        "/v1/admin/courses/pro",
        headers=site.admin,
        expect=200,
        json={"price": {"amount": 5900, "currency": "EUR"}, "title": "Pro Course 2"},
    )
    # Not synced yet: the stale price is not sold; the order amount is, on the product.
    stripe_env.start(site)
    items = fake_stripe.calls("POST", "/v1/checkout/sessions")[-1].params["line_items"]
    assert items == [
        {
            "price_data": {
                "currency": "eur",
                "unit_amount": "5900",
                "product": before["stripe_product_id"],
            },
            "quantity": "1",
        }
    ]

    [pro] = [r for r in sync_products(runtime, site.slug) if r.slug == "pro"]
    assert (pro.product_action, pro.price_action) == ("updated", "created")
    assert fake_stripe.get(before["stripe_product_id"])["name"] == "Pro Course 2"
    after = _attributes(stripe_env, site, "pro")
    assert after["stripe_product_id"] == before["stripe_product_id"]
    assert after["stripe_price_id"] != before["stripe_price_id"]
    assert after["price_amount"] == 5900
    assert len(fake_stripe.all("product")) == 2 and len(fake_stripe.all("price")) == 3
    stripe_env.start(site)
    items = fake_stripe.calls("POST", "/v1/checkout/sessions")[-1].params["line_items"]
    assert items == [{"price": after["stripe_price_id"], "quantity": "1"}]


def test_errors_are_reported(stripe_env, fake_stripe, db_url):
    site = _site(stripe_env)
    unknown = _cli(db_url, "--tenant", "no-such-site")
    assert unknown.exit_code == 1 and "No tenant 'no-such-site'" in unknown.output
    bare = stripe_env.api.create_tenant({"free_enrollment": {}})
    disabled = _cli(db_url, "--tenant", bare.slug)
    assert disabled.exit_code == 1 and "has not enabled stripe_provider" in disabled.output
    fake_stripe.fail("GET", "/v1/products/search", 500)
    down = _cli(db_url, "--tenant", site.slug)
    assert down.exit_code == 1 and "Stripe is unavailable" in down.output
    assert site.secret_key not in down.output


def test_an_api_base_the_operator_does_not_allow_is_refused(
    stripe_env, fake_stripe, db_url, monkeypatch
):
    site = _site(stripe_env)
    monkeypatch.delenv("TUITION_STRIPE_EXTRA_HOSTS")
    refused = _cli(db_url, "--tenant", site.slug)
    assert refused.exit_code == 1 and "TUITION_STRIPE_EXTRA_HOSTS" in refused.output
    assert fake_stripe.calls() == []
    assert site.secret_key not in refused.output


def test_sync_is_a_tuition_subcommand(tmp_path):
    """Through core's CLI hook the command is `tuition stripe sync-products`."""
    result = run_cli(
        ["stripe", "sync-products", "--help"], database_url=f"sqlite:///{tmp_path}/cli.db"
    )
    assert result.exit_code == 0, result.output
    assert "--dry-run" in result.output and "--tenant" in result.output
