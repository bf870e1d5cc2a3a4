from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.health_out_checks import HealthOutChecks





T = TypeVar("T", bound="HealthOut")



@_attrs_define
class HealthOut:
    """ 
        Attributes:
            checks (HealthOutChecks):
            status (str):
     """

    checks: HealthOutChecks
    status: str





    def to_dict(self) -> dict[str, Any]:
        from ..models.health_out_checks import HealthOutChecks # noqa: PLC0415
        checks = self.checks.to_dict()

        status = self.status


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "checks": checks,
            "status": status,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.health_out_checks import HealthOutChecks # noqa: PLC0415
        d = dict(src_dict)
        checks = HealthOutChecks.from_dict(d.pop("checks"))




        status = d.pop("status")

        health_out = cls(
            checks=checks,
            status=status,
        )

        return health_out

