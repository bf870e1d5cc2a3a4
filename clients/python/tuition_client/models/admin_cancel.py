from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.admin_cancel_refund import AdminCancelRefund
from ..types import UNSET, Unset






T = TypeVar("T", bound="AdminCancel")



@_attrs_define
class AdminCancel:
    """ 
        Attributes:
            refund (AdminCancelRefund | Unset): prorated: give back the unused part of the period paid. Default:
                AdminCancelRefund.NONE.
     """

    refund: AdminCancelRefund | Unset = AdminCancelRefund.NONE





    def to_dict(self) -> dict[str, Any]:
        refund: str | Unset = UNSET
        if not isinstance(self.refund, Unset):
            refund = self.refund.value



        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if refund is not UNSET:
            field_dict["refund"] = refund

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _refund = d.pop("refund", UNSET)
        refund: AdminCancelRefund | Unset
        if isinstance(_refund,  Unset):
            refund = UNSET
        else:
            refund = AdminCancelRefund(_refund)




        admin_cancel = cls(
            refund=refund,
        )

        return admin_cancel

