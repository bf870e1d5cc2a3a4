from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.waitlist_out_status import WaitlistOutStatus
from typing import cast
import datetime






T = TypeVar("T", bound="WaitlistOut")



@_attrs_define
class WaitlistOut:
    """ 
        Attributes:
            cohort (None | str): None for a capacity-limited course sold without cohorts.
            course (str):
            created_at (datetime.datetime):
            id (str):
            offer_expires_at (datetime.datetime | None): While offered: enroll in the cohort before this time.
            position (int | None): 1 = the next to get an offer (only while waiting).
            status (WaitlistOutStatus):
     """

    cohort: None | str
    course: str
    created_at: datetime.datetime
    id: str
    offer_expires_at: datetime.datetime | None
    position: int | None
    status: WaitlistOutStatus





    def to_dict(self) -> dict[str, Any]:
        cohort: None | str
        cohort = self.cohort

        course = self.course

        created_at = self.created_at.isoformat()

        id = self.id

        offer_expires_at: None | str
        if isinstance(self.offer_expires_at, datetime.datetime):
            offer_expires_at = self.offer_expires_at.isoformat()
        else:
            offer_expires_at = self.offer_expires_at

        position: int | None
        position = self.position

        status = self.status.value


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "cohort": cohort,
            "course": course,
            "created_at": created_at,
            "id": id,
            "offer_expires_at": offer_expires_at,
            "position": position,
            "status": status,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_cohort(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        cohort = _parse_cohort(d.pop("cohort"))


        course = d.pop("course")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        id = d.pop("id")

        def _parse_offer_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                offer_expires_at_type_0 = datetime.datetime.fromisoformat(data)



                return offer_expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        offer_expires_at = _parse_offer_expires_at(d.pop("offer_expires_at"))


        def _parse_position(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        position = _parse_position(d.pop("position"))


        status = WaitlistOutStatus(d.pop("status"))




        waitlist_out = cls(
            cohort=cohort,
            course=course,
            created_at=created_at,
            id=id,
            offer_expires_at=offer_expires_at,
            position=position,
            status=status,
        )

        return waitlist_out

