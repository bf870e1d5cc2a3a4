from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="WaitlistJoin")



@_attrs_define
class WaitlistJoin:
    """ 
        Attributes:
            cohort (None | str | Unset): The full cohort to wait for; may be left out if the course has one.
     """

    cohort: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        cohort: None | str | Unset
        if isinstance(self.cohort, Unset):
            cohort = UNSET
        else:
            cohort = self.cohort


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if cohort is not UNSET:
            field_dict["cohort"] = cohort

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_cohort(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        cohort = _parse_cohort(d.pop("cohort", UNSET))


        waitlist_join = cls(
            cohort=cohort,
        )

        return waitlist_join

