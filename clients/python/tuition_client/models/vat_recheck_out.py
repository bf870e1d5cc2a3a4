from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.vat_recheck_out_status import VatRecheckOutStatus
from typing import cast
import datetime






T = TypeVar("T", bound="VatRecheckOut")



@_attrs_define
class VatRecheckOut:
    """ 
        Attributes:
            attempts (int):
            checked_at (datetime.datetime | None):
            created_at (datetime.datetime):
            id (str):
            next_check_at (datetime.datetime | None):
            order_id (str):
            reason (None | str): Why VIES did not answer.
            request_identifier (None | str): VIES's consultation number.
            status (VatRecheckOutStatus): unverified (VIES has not answered yet), valid, or invalid (VIES says it is not
                registered: the reverse charge of the sale needs your look).
            vat_id (str):
     """

    attempts: int
    checked_at: datetime.datetime | None
    created_at: datetime.datetime
    id: str
    next_check_at: datetime.datetime | None
    order_id: str
    reason: None | str
    request_identifier: None | str
    status: VatRecheckOutStatus
    vat_id: str





    def to_dict(self) -> dict[str, Any]:
        attempts = self.attempts

        checked_at: None | str
        if isinstance(self.checked_at, datetime.datetime):
            checked_at = self.checked_at.isoformat()
        else:
            checked_at = self.checked_at

        created_at = self.created_at.isoformat()

        id = self.id

        next_check_at: None | str
        if isinstance(self.next_check_at, datetime.datetime):
            next_check_at = self.next_check_at.isoformat()
        else:
            next_check_at = self.next_check_at

        order_id = self.order_id

        reason: None | str
        reason = self.reason

        request_identifier: None | str
        request_identifier = self.request_identifier

        status = self.status.value

        vat_id = self.vat_id


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "attempts": attempts,
            "checked_at": checked_at,
            "created_at": created_at,
            "id": id,
            "next_check_at": next_check_at,
            "order_id": order_id,
            "reason": reason,
            "request_identifier": request_identifier,
            "status": status,
            "vat_id": vat_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        attempts = d.pop("attempts")

        def _parse_checked_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                checked_at_type_0 = datetime.datetime.fromisoformat(data)



                return checked_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        checked_at = _parse_checked_at(d.pop("checked_at"))


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        id = d.pop("id")

        def _parse_next_check_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_check_at_type_0 = datetime.datetime.fromisoformat(data)



                return next_check_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        next_check_at = _parse_next_check_at(d.pop("next_check_at"))


        order_id = d.pop("order_id")

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))


        def _parse_request_identifier(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        request_identifier = _parse_request_identifier(d.pop("request_identifier"))


        status = VatRecheckOutStatus(d.pop("status"))




        vat_id = d.pop("vat_id")

        vat_recheck_out = cls(
            attempts=attempts,
            checked_at=checked_at,
            created_at=created_at,
            id=id,
            next_check_at=next_check_at,
            order_id=order_id,
            reason=reason,
            request_identifier=request_identifier,
            status=status,
            vat_id=vat_id,
        )

        return vat_recheck_out

