from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.export_job_out_status import ExportJobOutStatus
from typing import cast
import datetime






T = TypeVar("T", bound="ExportJobOut")



@_attrs_define
class ExportJobOut:
    """ 
        Attributes:
            created_at (datetime.datetime):
            download_url (None | str): A signed link to the gzipped JSON, until expires_at.
            expires_at (datetime.datetime): When the link stops working.
            id (str):
            ready_at (datetime.datetime | None):
            size_bytes (int | None): Uncompressed.
            status (ExportJobOutStatus):
            student_id (str):
     """

    created_at: datetime.datetime
    download_url: None | str
    expires_at: datetime.datetime
    id: str
    ready_at: datetime.datetime | None
    size_bytes: int | None
    status: ExportJobOutStatus
    student_id: str





    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        download_url: None | str
        download_url = self.download_url

        expires_at = self.expires_at.isoformat()

        id = self.id

        ready_at: None | str
        if isinstance(self.ready_at, datetime.datetime):
            ready_at = self.ready_at.isoformat()
        else:
            ready_at = self.ready_at

        size_bytes: int | None
        size_bytes = self.size_bytes

        status = self.status.value

        student_id = self.student_id


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "created_at": created_at,
            "download_url": download_url,
            "expires_at": expires_at,
            "id": id,
            "ready_at": ready_at,
            "size_bytes": size_bytes,
            "status": status,
            "student_id": student_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        def _parse_download_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        download_url = _parse_download_url(d.pop("download_url"))


        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))




        id = d.pop("id")

        def _parse_ready_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ready_at_type_0 = datetime.datetime.fromisoformat(data)



                return ready_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        ready_at = _parse_ready_at(d.pop("ready_at"))


        def _parse_size_bytes(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        size_bytes = _parse_size_bytes(d.pop("size_bytes"))


        status = ExportJobOutStatus(d.pop("status"))




        student_id = d.pop("student_id")

        export_job_out = cls(
            created_at=created_at,
            download_url=download_url,
            expires_at=expires_at,
            id=id,
            ready_at=ready_at,
            size_bytes=size_bytes,
            status=status,
            student_id=student_id,
        )

        return export_job_out

