from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.price import Price





T = TypeVar("T", bound="MemberOut")



@_attrs_define
class MemberOut:
    """ 
        Attributes:
            price (None | Price):
            slug (str):
            status (str):
            title (str):
     """

    price: None | Price
    slug: str
    status: str
    title: str





    def to_dict(self) -> dict[str, Any]:
        from ..models.price import Price # noqa: PLC0415
        price: dict[str, Any] | None
        if isinstance(self.price, Price):
            price = self.price.to_dict()
        else:
            price = self.price

        slug = self.slug

        status = self.status

        title = self.title


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "price": price,
            "slug": slug,
            "status": status,
            "title": title,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.price import Price # noqa: PLC0415
        d = dict(src_dict)
        def _parse_price(data: object) -> None | Price:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                price_type_1 = Price.from_dict(data)



                return price_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Price, data)

        price = _parse_price(d.pop("price"))


        slug = d.pop("slug")

        status = d.pop("status")

        title = d.pop("title")

        member_out = cls(
            price=price,
            slug=slug,
            status=status,
            title=title,
        )

        return member_out

