from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.erasure_out_erased import ErasureOutErased
  from ..models.erasure_out_kept import ErasureOutKept
  from ..models.erasure_out_plugins import ErasureOutPlugins





T = TypeVar("T", bound="ErasureOut")



@_attrs_define
class ErasureOut:
    """ 
        Attributes:
            already_erased (bool): The student was erased before; nothing changed.
            erased (ErasureOutErased):
            erased_at (datetime.datetime):
            kept (ErasureOutKept):
            plugins (ErasureOutPlugins): Each plugin's report: {erased: {…}, kept: {…}}.
            pseudonym (str): Stands for the email from now on.
            student_id (str):
     """

    already_erased: bool
    erased: ErasureOutErased
    erased_at: datetime.datetime
    kept: ErasureOutKept
    plugins: ErasureOutPlugins
    pseudonym: str
    student_id: str





    def to_dict(self) -> dict[str, Any]:
        from ..models.erasure_out_erased import ErasureOutErased # noqa: PLC0415
        from ..models.erasure_out_kept import ErasureOutKept # noqa: PLC0415
        from ..models.erasure_out_plugins import ErasureOutPlugins # noqa: PLC0415
        already_erased = self.already_erased

        erased = self.erased.to_dict()

        erased_at = self.erased_at.isoformat()

        kept = self.kept.to_dict()

        plugins = self.plugins.to_dict()

        pseudonym = self.pseudonym

        student_id = self.student_id


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "already_erased": already_erased,
            "erased": erased,
            "erased_at": erased_at,
            "kept": kept,
            "plugins": plugins,
            "pseudonym": pseudonym,
            "student_id": student_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.erasure_out_erased import ErasureOutErased # noqa: PLC0415
        from ..models.erasure_out_kept import ErasureOutKept # noqa: PLC0415
        from ..models.erasure_out_plugins import ErasureOutPlugins # noqa: PLC0415
        d = dict(src_dict)
        already_erased = d.pop("already_erased")

        erased = ErasureOutErased.from_dict(d.pop("erased"))




        erased_at = datetime.datetime.fromisoformat(d.pop("erased_at"))




        kept = ErasureOutKept.from_dict(d.pop("kept"))




        plugins = ErasureOutPlugins.from_dict(d.pop("plugins"))




        pseudonym = d.pop("pseudonym")

        student_id = d.pop("student_id")

        erasure_out = cls(
            already_erased=already_erased,
            erased=erased,
            erased_at=erased_at,
            kept=kept,
            plugins=plugins,
            pseudonym=pseudonym,
            student_id=student_id,
        )

        return erasure_out

