from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.waitlist_out_status import WaitlistOutStatus
from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="WaitlistOut")



@_attrs_define
class WaitlistOut:
    """ 
        Attributes:
            cohort (None | str | Unset): None for a capacity-limited course sold without cohorts.
            course (str | Unset):
            created_at (datetime.datetime | Unset):
            id (str | Unset):
            offer_expires_at (datetime.datetime | None | Unset): While offered: enroll in the cohort before this time.
            position (int | None | Unset): 1 = the next to get an offer (only while waiting).
            status (WaitlistOutStatus | Unset):
     """

    cohort: None | str | Unset = UNSET
    course: str | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    id: str | Unset = UNSET
    offer_expires_at: datetime.datetime | None | Unset = UNSET
    position: int | None | Unset = UNSET
    status: WaitlistOutStatus | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        cohort: None | str | Unset
        if isinstance(self.cohort, Unset):
            cohort = UNSET
        else:
            cohort = self.cohort

        course = self.course

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        id = self.id

        offer_expires_at: None | str | Unset
        if isinstance(self.offer_expires_at, Unset):
            offer_expires_at = UNSET
        elif isinstance(self.offer_expires_at, datetime.datetime):
            offer_expires_at = self.offer_expires_at.isoformat()
        else:
            offer_expires_at = self.offer_expires_at

        position: int | None | Unset
        if isinstance(self.position, Unset):
            position = UNSET
        else:
            position = self.position

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value



        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if cohort is not UNSET:
            field_dict["cohort"] = cohort
        if course is not UNSET:
            field_dict["course"] = course
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if id is not UNSET:
            field_dict["id"] = id
        if offer_expires_at is not UNSET:
            field_dict["offer_expires_at"] = offer_expires_at
        if position is not UNSET:
            field_dict["position"] = position
        if status is not UNSET:
            field_dict["status"] = status

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


        course = d.pop("course", UNSET)

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at,  Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)




        id = d.pop("id", UNSET)

        def _parse_offer_expires_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                offer_expires_at_type_0 = datetime.datetime.fromisoformat(data)



                return offer_expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        offer_expires_at = _parse_offer_expires_at(d.pop("offer_expires_at", UNSET))


        def _parse_position(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        position = _parse_position(d.pop("position", UNSET))


        _status = d.pop("status", UNSET)
        status: WaitlistOutStatus | Unset
        if isinstance(_status,  Unset):
            status = UNSET
        else:
            status = WaitlistOutStatus(_status)




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

