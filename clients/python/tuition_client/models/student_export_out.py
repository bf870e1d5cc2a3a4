from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.student_export_out_audit_entries_item import StudentExportOutAuditEntriesItem
  from ..models.student_export_out_enrollments_item import StudentExportOutEnrollmentsItem
  from ..models.student_export_out_funnel_events_item import StudentExportOutFunnelEventsItem
  from ..models.student_export_out_live_events_item import StudentExportOutLiveEventsItem
  from ..models.student_export_out_orders_item import StudentExportOutOrdersItem
  from ..models.student_export_out_payment_events_item import StudentExportOutPaymentEventsItem
  from ..models.student_export_out_plugins import StudentExportOutPlugins
  from ..models.student_export_out_profile import StudentExportOutProfile
  from ..models.student_export_out_sessions_item import StudentExportOutSessionsItem
  from ..models.student_export_out_tenant import StudentExportOutTenant





T = TypeVar("T", bound="StudentExportOut")



@_attrs_define
class StudentExportOut:
    """ 
        Attributes:
            audit_entries (list[StudentExportOutAuditEntriesItem]):
            enrollments (list[StudentExportOutEnrollmentsItem]):
            format_ (str):
            funnel_events (list[StudentExportOutFunnelEventsItem]):
            live_events (list[StudentExportOutLiveEventsItem]):
            orders (list[StudentExportOutOrdersItem]): With their transitions.
            payment_events (list[StudentExportOutPaymentEventsItem]):
            plugins (StudentExportOutPlugins): What each plugin holds, by plugin name (bookings, mails…).
            profile (StudentExportOutProfile):
            sessions (list[StudentExportOutSessionsItem]): Refresh tokens' dates.
            tenant (StudentExportOutTenant):
     """

    audit_entries: list[StudentExportOutAuditEntriesItem]
    enrollments: list[StudentExportOutEnrollmentsItem]
    format_: str
    funnel_events: list[StudentExportOutFunnelEventsItem]
    live_events: list[StudentExportOutLiveEventsItem]
    orders: list[StudentExportOutOrdersItem]
    payment_events: list[StudentExportOutPaymentEventsItem]
    plugins: StudentExportOutPlugins
    profile: StudentExportOutProfile
    sessions: list[StudentExportOutSessionsItem]
    tenant: StudentExportOutTenant





    def to_dict(self) -> dict[str, Any]:
        from ..models.student_export_out_audit_entries_item import StudentExportOutAuditEntriesItem # noqa: PLC0415
        from ..models.student_export_out_enrollments_item import StudentExportOutEnrollmentsItem # noqa: PLC0415
        from ..models.student_export_out_funnel_events_item import StudentExportOutFunnelEventsItem # noqa: PLC0415
        from ..models.student_export_out_live_events_item import StudentExportOutLiveEventsItem # noqa: PLC0415
        from ..models.student_export_out_orders_item import StudentExportOutOrdersItem # noqa: PLC0415
        from ..models.student_export_out_payment_events_item import StudentExportOutPaymentEventsItem # noqa: PLC0415
        from ..models.student_export_out_plugins import StudentExportOutPlugins # noqa: PLC0415
        from ..models.student_export_out_profile import StudentExportOutProfile # noqa: PLC0415
        from ..models.student_export_out_sessions_item import StudentExportOutSessionsItem # noqa: PLC0415
        from ..models.student_export_out_tenant import StudentExportOutTenant # noqa: PLC0415
        audit_entries = []
        for audit_entries_item_data in self.audit_entries:
            audit_entries_item = audit_entries_item_data.to_dict()
            audit_entries.append(audit_entries_item)



        enrollments = []
        for enrollments_item_data in self.enrollments:
            enrollments_item = enrollments_item_data.to_dict()
            enrollments.append(enrollments_item)



        format_ = self.format_

        funnel_events = []
        for funnel_events_item_data in self.funnel_events:
            funnel_events_item = funnel_events_item_data.to_dict()
            funnel_events.append(funnel_events_item)



        live_events = []
        for live_events_item_data in self.live_events:
            live_events_item = live_events_item_data.to_dict()
            live_events.append(live_events_item)



        orders = []
        for orders_item_data in self.orders:
            orders_item = orders_item_data.to_dict()
            orders.append(orders_item)



        payment_events = []
        for payment_events_item_data in self.payment_events:
            payment_events_item = payment_events_item_data.to_dict()
            payment_events.append(payment_events_item)



        plugins = self.plugins.to_dict()

        profile = self.profile.to_dict()

        sessions = []
        for sessions_item_data in self.sessions:
            sessions_item = sessions_item_data.to_dict()
            sessions.append(sessions_item)



        tenant = self.tenant.to_dict()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "audit_entries": audit_entries,
            "enrollments": enrollments,
            "format": format_,
            "funnel_events": funnel_events,
            "live_events": live_events,
            "orders": orders,
            "payment_events": payment_events,
            "plugins": plugins,
            "profile": profile,
            "sessions": sessions,
            "tenant": tenant,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.student_export_out_audit_entries_item import StudentExportOutAuditEntriesItem # noqa: PLC0415
        from ..models.student_export_out_enrollments_item import StudentExportOutEnrollmentsItem # noqa: PLC0415
        from ..models.student_export_out_funnel_events_item import StudentExportOutFunnelEventsItem # noqa: PLC0415
        from ..models.student_export_out_live_events_item import StudentExportOutLiveEventsItem # noqa: PLC0415
        from ..models.student_export_out_orders_item import StudentExportOutOrdersItem # noqa: PLC0415
        from ..models.student_export_out_payment_events_item import StudentExportOutPaymentEventsItem # noqa: PLC0415
        from ..models.student_export_out_plugins import StudentExportOutPlugins # noqa: PLC0415
        from ..models.student_export_out_profile import StudentExportOutProfile # noqa: PLC0415
        from ..models.student_export_out_sessions_item import StudentExportOutSessionsItem # noqa: PLC0415
        from ..models.student_export_out_tenant import StudentExportOutTenant # noqa: PLC0415
        d = dict(src_dict)
        audit_entries = []
        _audit_entries = d.pop("audit_entries")
        for audit_entries_item_data in (_audit_entries):
            audit_entries_item = StudentExportOutAuditEntriesItem.from_dict(audit_entries_item_data)



            audit_entries.append(audit_entries_item)


        enrollments = []
        _enrollments = d.pop("enrollments")
        for enrollments_item_data in (_enrollments):
            enrollments_item = StudentExportOutEnrollmentsItem.from_dict(enrollments_item_data)



            enrollments.append(enrollments_item)


        format_ = d.pop("format")

        funnel_events = []
        _funnel_events = d.pop("funnel_events")
        for funnel_events_item_data in (_funnel_events):
            funnel_events_item = StudentExportOutFunnelEventsItem.from_dict(funnel_events_item_data)



            funnel_events.append(funnel_events_item)


        live_events = []
        _live_events = d.pop("live_events")
        for live_events_item_data in (_live_events):
            live_events_item = StudentExportOutLiveEventsItem.from_dict(live_events_item_data)



            live_events.append(live_events_item)


        orders = []
        _orders = d.pop("orders")
        for orders_item_data in (_orders):
            orders_item = StudentExportOutOrdersItem.from_dict(orders_item_data)



            orders.append(orders_item)


        payment_events = []
        _payment_events = d.pop("payment_events")
        for payment_events_item_data in (_payment_events):
            payment_events_item = StudentExportOutPaymentEventsItem.from_dict(payment_events_item_data)



            payment_events.append(payment_events_item)


        plugins = StudentExportOutPlugins.from_dict(d.pop("plugins"))




        profile = StudentExportOutProfile.from_dict(d.pop("profile"))




        sessions = []
        _sessions = d.pop("sessions")
        for sessions_item_data in (_sessions):
            sessions_item = StudentExportOutSessionsItem.from_dict(sessions_item_data)



            sessions.append(sessions_item)


        tenant = StudentExportOutTenant.from_dict(d.pop("tenant"))




        student_export_out = cls(
            audit_entries=audit_entries,
            enrollments=enrollments,
            format_=format_,
            funnel_events=funnel_events,
            live_events=live_events,
            orders=orders,
            payment_events=payment_events,
            plugins=plugins,
            profile=profile,
            sessions=sessions,
            tenant=tenant,
        )

        return student_export_out

