from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.enrollment_import_summary_out_status import EnrollmentImportSummaryOutStatus
from typing import cast
import datetime






T = TypeVar("T", bound="EnrollmentImportSummaryOut")



@_attrs_define
class EnrollmentImportSummaryOut:
    """ 
        Attributes:
            created_at (datetime.datetime):
            done (int): Lines handled so far.
            enrolled (int):
            failed (int):
            filename (None | str):
            finished_at (datetime.datetime | None):
            id (str):
            invited (int): Of ``enrolled``: students invited.
            last_error (None | str): Why the import failed for good.
            skipped (int): Lines enrolled already (a re-run).
            started_at (datetime.datetime | None):
            status (EnrollmentImportSummaryOutStatus): ``failed``: its job failed for good (``last_error``); the lines done
                stay done, and importing the same file again does the rest (lines enrolled already are skipped).
            total (int): Lines in the file (but the header).
     """

    created_at: datetime.datetime
    done: int
    enrolled: int
    failed: int
    filename: None | str
    finished_at: datetime.datetime | None
    id: str
    invited: int
    last_error: None | str
    skipped: int
    started_at: datetime.datetime | None
    status: EnrollmentImportSummaryOutStatus
    total: int





    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        done = self.done

        enrolled = self.enrolled

        failed = self.failed

        filename: None | str
        filename = self.filename

        finished_at: None | str
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        id = self.id

        invited = self.invited

        last_error: None | str
        last_error = self.last_error

        skipped = self.skipped

        started_at: None | str
        if isinstance(self.started_at, datetime.datetime):
            started_at = self.started_at.isoformat()
        else:
            started_at = self.started_at

        status = self.status.value

        total = self.total


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "created_at": created_at,
            "done": done,
            "enrolled": enrolled,
            "failed": failed,
            "filename": filename,
            "finished_at": finished_at,
            "id": id,
            "invited": invited,
            "last_error": last_error,
            "skipped": skipped,
            "started_at": started_at,
            "status": status,
            "total": total,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        done = d.pop("done")

        enrolled = d.pop("enrolled")

        failed = d.pop("failed")

        def _parse_filename(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        filename = _parse_filename(d.pop("filename"))


        def _parse_finished_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)



                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        finished_at = _parse_finished_at(d.pop("finished_at"))


        id = d.pop("id")

        invited = d.pop("invited")

        def _parse_last_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_error = _parse_last_error(d.pop("last_error"))


        skipped = d.pop("skipped")

        def _parse_started_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                started_at_type_0 = datetime.datetime.fromisoformat(data)



                return started_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        started_at = _parse_started_at(d.pop("started_at"))


        status = EnrollmentImportSummaryOutStatus(d.pop("status"))




        total = d.pop("total")

        enrollment_import_summary_out = cls(
            created_at=created_at,
            done=done,
            enrolled=enrolled,
            failed=failed,
            filename=filename,
            finished_at=finished_at,
            id=id,
            invited=invited,
            last_error=last_error,
            skipped=skipped,
            started_at=started_at,
            status=status,
            total=total,
        )

        return enrollment_import_summary_out

