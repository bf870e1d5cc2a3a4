"""What the example's journeys share: the stack's addresses and the provider's sign-in."""

from __future__ import annotations

import re
from dataclasses import dataclass

from playwright.sync_api import Page, expect

from examples.storefront.tests.helpers import Site
from tuition_stripe_provider.testing import FakeStripe, signed_webhook


@dataclass
class StripeSite:
    """The site that sells through (a fake) Stripe, and what its Stripe account knows."""

    site: Site
    fake: FakeStripe
    stripe_publishable_key: str
    webhook_secret: str

    def pay(self, session_id: str) -> None:
        """The buyer completes the embedded Checkout; Stripe sends Tuition the webhook."""
        session = self.fake.complete(session_id)
        body, headers = signed_webhook(
            self.fake.event("checkout.session.completed", session), self.webhook_secret
        )
        answer = self.site.client.post(
            f"/v1/webhooks/stripe/{self.site.slug}", data=body, headers=headers
        )
        assert answer.status_code == 200, answer.get_data(as_text=True)


@dataclass
class Stack:
    """The servers of a module's journeys and the demo sites (admin calls via the API)."""

    tuition: str
    web: str
    issuer: str
    sites: dict[str, Site]
    stripe: StripeSite

    def url(self, path: str = "/", key: str | None = None) -> str:
        """A page of the example; ``key`` chooses the site (the example remembers it)."""
        if key is None:
            return f"{self.web}{path}"
        return f"{self.web}{path}{'&' if '?' in path else '?'}key={key}"

    def at(self, path: str) -> re.Pattern[str]:
        """For ``expect(page).to_have_url``: this page of the example (any query)."""
        return re.compile(re.escape(f"{self.web}{path}"))


def sign_in_on_provider(page: Page, email: str) -> None:
    """On the local OpenID provider's page: give the email and continue."""
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_label("Email").fill(email)
    page.get_by_role("button", name="Continue").click()
