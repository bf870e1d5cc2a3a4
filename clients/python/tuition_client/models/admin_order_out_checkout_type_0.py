from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="AdminOrderOutCheckoutType0")



@_attrs_define
class AdminOrderOutCheckoutType0:
    """ What the provider's payment UI needs: the keys each provider documents (see its plugin), and possibly others.

        Attributes:
            approve_url (str | Unset): paypal: where the buyer approves the payment.
            client_secret (str | Unset): stripe: mount embedded Checkout with it (Stripe.js initEmbeddedCheckout).
            pay_url (str | Unset): dummy: the hosted pay page, a path on the API server.
            paypal_order_id (str | Unset): paypal: PayPal's order id (for the PayPal JS SDK).
            paypal_subscription_id (str | Unset): paypal: PayPal's subscription id, for a schedule of charges (for the
                PayPal JS SDK's createSubscription).
            publishable_key (str | Unset): stripe: the Stripe publishable key to load Stripe.js with.
            session_id (str | Unset): stripe: the Checkout Session id.
     """

    approve_url: str | Unset = UNSET
    client_secret: str | Unset = UNSET
    pay_url: str | Unset = UNSET
    paypal_order_id: str | Unset = UNSET
    paypal_subscription_id: str | Unset = UNSET
    publishable_key: str | Unset = UNSET
    session_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        approve_url = self.approve_url

        client_secret = self.client_secret

        pay_url = self.pay_url

        paypal_order_id = self.paypal_order_id

        paypal_subscription_id = self.paypal_subscription_id

        publishable_key = self.publishable_key

        session_id = self.session_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
        })
        if approve_url is not UNSET:
            field_dict["approve_url"] = approve_url
        if client_secret is not UNSET:
            field_dict["client_secret"] = client_secret
        if pay_url is not UNSET:
            field_dict["pay_url"] = pay_url
        if paypal_order_id is not UNSET:
            field_dict["paypal_order_id"] = paypal_order_id
        if paypal_subscription_id is not UNSET:
            field_dict["paypal_subscription_id"] = paypal_subscription_id
        if publishable_key is not UNSET:
            field_dict["publishable_key"] = publishable_key
        if session_id is not UNSET:
            field_dict["session_id"] = session_id

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        approve_url = d.pop("approve_url", UNSET)

        client_secret = d.pop("client_secret", UNSET)

        pay_url = d.pop("pay_url", UNSET)

        paypal_order_id = d.pop("paypal_order_id", UNSET)

        paypal_subscription_id = d.pop("paypal_subscription_id", UNSET)

        publishable_key = d.pop("publishable_key", UNSET)

        session_id = d.pop("session_id", UNSET)

        admin_order_out_checkout_type_0 = cls(
            approve_url=approve_url,
            client_secret=client_secret,
            pay_url=pay_url,
            paypal_order_id=paypal_order_id,
            paypal_subscription_id=paypal_subscription_id,
            publishable_key=publishable_key,
            session_id=session_id,
        )


        admin_order_out_checkout_type_0.additional_properties = d
        return admin_order_out_checkout_type_0

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
