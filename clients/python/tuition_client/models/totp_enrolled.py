from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="TotpEnrolled")



@_attrs_define
class TotpEnrolled:
    """ 
        Attributes:
            provisioning_uri (str): otpauth:// URI for a QR code.
            secret (str): Base32; shown once, at enrolment.
     """

    provisioning_uri: str
    secret: str





    def to_dict(self) -> dict[str, Any]:
        provisioning_uri = self.provisioning_uri

        secret = self.secret


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "provisioning_uri": provisioning_uri,
            "secret": secret,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        provisioning_uri = d.pop("provisioning_uri")

        secret = d.pop("secret")

        totp_enrolled = cls(
            provisioning_uri=provisioning_uri,
            secret=secret,
        )

        return totp_enrolled

