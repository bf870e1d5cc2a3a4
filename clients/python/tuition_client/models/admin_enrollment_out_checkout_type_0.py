from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="AdminEnrollmentOutCheckoutType0")



@_attrs_define
class AdminEnrollmentOutCheckoutType0:
    """ The order to pay, and what the provider's payment UI needs (the keys of OrderOut.checkout).

        Attributes:
            amount (int): Minor units, e.g. cents.
            currency (str):  Example: EUR.
            expires_at (datetime.datetime):
            order_id (str):
            provider (str):
            approve_url (str | Unset): paypal: where the buyer approves the payment.
            client_secret (str | Unset): stripe: mount embedded Checkout with it (Stripe.js initEmbeddedCheckout).
            list_price (int | Unset): The course price, when a plugin offer made this one lower.
            pay_url (str | Unset): dummy: the hosted pay page, a path on the API server.
            paypal_order_id (str | Unset): paypal: PayPal's order id (for the PayPal JS SDK).
            paypal_subscription_id (str | Unset): paypal: PayPal's subscription id, for a schedule of charges (for the
                PayPal JS SDK's createSubscription).
            price_reason (str | Unset): Why the price is lower.
            publishable_key (str | Unset): stripe: the Stripe publishable key to load Stripe.js with.
            quantity (int | Unset): Seats of the course this order sells, when more than one (a plugin's offer of several
                seats, e.g. team seats); list_price is then for all.
            session_id (str | Unset): stripe: the Checkout Session id.
     """

    amount: int
    currency: str
    expires_at: datetime.datetime
    order_id: str
    provider: str
    approve_url: str | Unset = UNSET
    client_secret: str | Unset = UNSET
    list_price: int | Unset = UNSET
    pay_url: str | Unset = UNSET
    paypal_order_id: str | Unset = UNSET
    paypal_subscription_id: str | Unset = UNSET
    price_reason: str | Unset = UNSET
    publishable_key: str | Unset = UNSET
    quantity: int | Unset = UNSET
    session_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        currency = self.currency

        expires_at = self.expires_at.isoformat()

        order_id = self.order_id

        provider = self.provider

        approve_url = self.approve_url

        client_secret = self.client_secret

        list_price = self.list_price

        pay_url = self.pay_url

        paypal_order_id = self.paypal_order_id

        paypal_subscription_id = self.paypal_subscription_id

        price_reason = self.price_reason

        publishable_key = self.publishable_key

        quantity = self.quantity

        session_id = self.session_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "amount": amount,
            "currency": currency,
            "expires_at": expires_at,
            "order_id": order_id,
            "provider": provider,
        })
        if approve_url is not UNSET:
            field_dict["approve_url"] = approve_url
        if client_secret is not UNSET:
            field_dict["client_secret"] = client_secret
        if list_price is not UNSET:
            field_dict["list_price"] = list_price
        if pay_url is not UNSET:
            field_dict["pay_url"] = pay_url
        if paypal_order_id is not UNSET:
            field_dict["paypal_order_id"] = paypal_order_id
        if paypal_subscription_id is not UNSET:
            field_dict["paypal_subscription_id"] = paypal_subscription_id
        if price_reason is not UNSET:
            field_dict["price_reason"] = price_reason
        if publishable_key is not UNSET:
            field_dict["publishable_key"] = publishable_key
        if quantity is not UNSET:
            field_dict["quantity"] = quantity
        if session_id is not UNSET:
            field_dict["session_id"] = session_id

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        currency = d.pop("currency")

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))




        order_id = d.pop("order_id")

        provider = d.pop("provider")

        approve_url = d.pop("approve_url", UNSET)

        client_secret = d.pop("client_secret", UNSET)

        list_price = d.pop("list_price", UNSET)

        pay_url = d.pop("pay_url", UNSET)

        paypal_order_id = d.pop("paypal_order_id", UNSET)

        paypal_subscription_id = d.pop("paypal_subscription_id", UNSET)

        price_reason = d.pop("price_reason", UNSET)

        publishable_key = d.pop("publishable_key", UNSET)

        quantity = d.pop("quantity", UNSET)

        session_id = d.pop("session_id", UNSET)

        admin_enrollment_out_checkout_type_0 = cls(
            amount=amount,
            currency=currency,
            expires_at=expires_at,
            order_id=order_id,
            provider=provider,
            approve_url=approve_url,
            client_secret=client_secret,
            list_price=list_price,
            pay_url=pay_url,
            paypal_order_id=paypal_order_id,
            paypal_subscription_id=paypal_subscription_id,
            price_reason=price_reason,
            publishable_key=publishable_key,
            quantity=quantity,
            session_id=session_id,
        )


        admin_enrollment_out_checkout_type_0.additional_properties = d
        return admin_enrollment_out_checkout_type_0

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
