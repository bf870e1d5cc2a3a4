""" Contains all the data models used in inputs/outputs """

from .admin_cancel import AdminCancel
from .admin_cancel_refund import AdminCancelRefund
from .admin_course_out import AdminCourseOut
from .admin_course_out_attributes import AdminCourseOutAttributes
from .admin_course_page import AdminCoursePage
from .admin_enrollment_create import AdminEnrollmentCreate
from .admin_enrollment_created import AdminEnrollmentCreated
from .admin_enrollment_created_checkout_type_0 import AdminEnrollmentCreatedCheckoutType0
from .admin_enrollment_created_status import AdminEnrollmentCreatedStatus
from .admin_enrollment_out import AdminEnrollmentOut
from .admin_enrollment_out_checkout_type_0 import AdminEnrollmentOutCheckoutType0
from .admin_enrollment_out_status import AdminEnrollmentOutStatus
from .admin_enrollment_page import AdminEnrollmentPage
from .admin_order_list_out import AdminOrderListOut
from .admin_order_list_out_billing_type_0 import AdminOrderListOutBillingType0
from .admin_order_list_out_checkout_type_0 import AdminOrderListOutCheckoutType0
from .admin_order_list_out_enrollment_status import AdminOrderListOutEnrollmentStatus
from .admin_order_list_out_status import AdminOrderListOutStatus
from .admin_order_list_out_tax_type_0 import AdminOrderListOutTaxType0
from .admin_order_out import AdminOrderOut
from .admin_order_out_billing_type_0 import AdminOrderOutBillingType0
from .admin_order_out_checkout_type_0 import AdminOrderOutCheckoutType0
from .admin_order_out_enrollment_status import AdminOrderOutEnrollmentStatus
from .admin_order_out_status import AdminOrderOutStatus
from .admin_order_out_tax_type_0 import AdminOrderOutTaxType0
from .admin_order_page import AdminOrderPage
from .advance import Advance
from .attention_out import AttentionOut
from .audit_entry_out import AuditEntryOut
from .audit_entry_out_after_type_0 import AuditEntryOutAfterType0
from .audit_entry_out_before_type_0 import AuditEntryOutBeforeType0
from .audit_page import AuditPage
from .booking_request import BookingRequest
from .bundle_out import BundleOut
from .bundle_page import BundlePage
from .bundle_write import BundleWrite
from .charge import Charge
from .charges_result import ChargesResult
from .code_list import CodeList
from .code_out import CodeOut
from .code_out_amounts_off_type_0 import CodeOutAmountsOffType0
from .code_out_min_price_type_0 import CodeOutMinPriceType0
from .code_template import CodeTemplate
from .code_template_amounts_off_type_0 import CodeTemplateAmountsOffType0
from .code_template_min_price_type_0 import CodeTemplateMinPriceType0
from .code_write import CodeWrite
from .code_write_amounts_off_type_0 import CodeWriteAmountsOffType0
from .code_write_min_price_type_0 import CodeWriteMinPriceType0
from .cohort_out import CohortOut
from .cohort_page import CohortPage
from .cohort_update import CohortUpdate
from .cohort_write import CohortWrite
from .console_sign_in import ConsoleSignIn
from .console_sign_in_out import ConsoleSignInOut
from .course_impact_out import CourseImpactOut
from .course_out import CourseOut
from .course_out_enroll_state import CourseOutEnrollState
from .course_out_extensions import CourseOutExtensions
from .course_page import CoursePage
from .course_update import CourseUpdate
from .course_update_attributes import CourseUpdateAttributes
from .course_update_attributes_additional_property import CourseUpdateAttributesAdditionalProperty
from .course_update_status import CourseUpdateStatus
from .course_write import CourseWrite
from .course_write_attributes import CourseWriteAttributes
from .course_write_attributes_additional_property import CourseWriteAttributesAdditionalProperty
from .course_write_status import CourseWriteStatus
from .dashboard_out import DashboardOut
from .discount_code_page import DiscountCodePage
from .discount_redemption_page import DiscountRedemptionPage
from .dummy_pay_data_body import DummyPayDataBody
from .dummy_pay_data_body_outcome import DummyPayDataBodyOutcome
from .dummy_pay_json_body import DummyPayJsonBody
from .dummy_pay_json_body_outcome import DummyPayJsonBodyOutcome
from .email_preferences import EmailPreferences
from .end_enrollment import EndEnrollment
from .enrollment_import_out import EnrollmentImportOut
from .enrollment_import_out_status import EnrollmentImportOutStatus
from .enrollment_import_page import EnrollmentImportPage
from .enrollment_import_summary_out import EnrollmentImportSummaryOut
from .enrollment_import_summary_out_status import EnrollmentImportSummaryOutStatus
from .enrollment_out import EnrollmentOut
from .enrollment_out_checkout_type_0 import EnrollmentOutCheckoutType0
from .enrollment_out_status import EnrollmentOutStatus
from .enrollment_page import EnrollmentPage
from .enrollment_request import EnrollmentRequest
from .enrollment_request_payment_plan import EnrollmentRequestPaymentPlan
from .erasure_out import ErasureOut
from .erasure_out_erased import ErasureOutErased
from .erasure_out_kept import ErasureOutKept
from .erasure_out_plugins import ErasureOutPlugins
from .export_invoices_format import ExportInvoicesFormat
from .export_job_out import ExportJobOut
from .export_job_out_status import ExportJobOutStatus
from .funnel_conversion import FunnelConversion
from .funnel_report import FunnelReport
from .funnel_row import FunnelRow
from .funnel_row_discount_codes import FunnelRowDiscountCodes
from .generate_in import GenerateIn
from .generate_in_amounts_off_type_0 import GenerateInAmountsOffType0
from .generate_in_min_price_type_0 import GenerateInMinPriceType0
from .get_timeseries_report_interval import GetTimeseriesReportInterval
from .grant_out import GrantOut
from .grant_out_status import GrantOutStatus
from .health_out import HealthOut
from .health_out_checks import HealthOutChecks
from .identity_invitation_accept import IdentityInvitationAccept
from .identity_provider import IdentityProvider
from .identity_provider_staff_groups import IdentityProviderStaffGroups
from .identity_provider_staff_groups_additional_property import IdentityProviderStaffGroupsAdditionalProperty
from .identity_provider_token_use import IdentityProviderTokenUse
from .identity_sign_in import IdentitySignIn
from .import_enrollments_files_body import ImportEnrollmentsFilesBody
from .import_error_out import ImportErrorOut
from .invitation_accept import InvitationAccept
from .invoice_out import InvoiceOut
from .invoice_out_breakdown_item import InvoiceOutBreakdownItem
from .invoice_out_buyer import InvoiceOutBuyer
from .invoice_out_kind import InvoiceOutKind
from .invoice_out_lines_item import InvoiceOutLinesItem
from .invoice_out_seller import InvoiceOutSeller
from .invoice_page import InvoicePage
from .key_create import KeyCreate
from .key_create_kind import KeyCreateKind
from .key_created import KeyCreated
from .key_created_kind import KeyCreatedKind
from .key_created_status import KeyCreatedStatus
from .key_out import KeyOut
from .key_out_kind import KeyOutKind
from .key_out_status import KeyOutStatus
from .key_page import KeyPage
from .key_rotate import KeyRotate
from .link_token_in import LinkTokenIn
from .list_admin_enrollments_status import ListAdminEnrollmentsStatus
from .list_invoices_kind import ListInvoicesKind
from .list_mails_status import ListMailsStatus
from .list_my_seat_purchases_status import ListMySeatPurchasesStatus
from .list_orders_status import ListOrdersStatus
from .list_payment_plans_status import ListPaymentPlansStatus
from .list_seat_purchases_status import ListSeatPurchasesStatus
from .list_seat_redemptions_status import ListSeatRedemptionsStatus
from .list_subscriptions_status import ListSubscriptionsStatus
from .list_vat_rechecks_status import ListVatRechecksStatus
from .list_webhook_deliveries_status import ListWebhookDeliveriesStatus
from .login import Login
from .logout_in import LogoutIn
from .mail_out import MailOut
from .mail_out_status import MailOutStatus
from .mail_page import MailPage
from .member_out import MemberOut
from .money_out import MoneyOut
from .my_step_out import MyStepOut
from .my_step_out_status import MyStepOutStatus
from .my_steps_out import MyStepsOut
from .option_list import OptionList
from .option_out import OptionOut
from .option_update import OptionUpdate
from .option_write import OptionWrite
from .order_out import OrderOut
from .order_out_billing_type_0 import OrderOutBillingType0
from .order_out_checkout_type_0 import OrderOutCheckoutType0
from .order_out_enrollment_status import OrderOutEnrollmentStatus
from .order_out_status import OrderOutStatus
from .order_out_tax_type_0 import OrderOutTaxType0
from .order_student_out import OrderStudentOut
from .owned_course import OwnedCourse
from .pagination_metadata import PaginationMetadata
from .password_change import PasswordChange
from .password_reset_confirm_in import PasswordResetConfirmIn
from .password_reset_in import PasswordResetIn
from .pay_result import PayResult
from .payment_event_out import PaymentEventOut
from .payment_event_page import PaymentEventPage
from .payment_method_in import PaymentMethodIn
from .payment_method_out import PaymentMethodOut
from .payment_plan_installment_out import PaymentPlanInstallmentOut
from .payment_plan_installment_out_status import PaymentPlanInstallmentOutStatus
from .payment_plan_list import PaymentPlanList
from .payment_plan_out import PaymentPlanOut
from .payment_plan_out_access import PaymentPlanOutAccess
from .payment_plan_out_status import PaymentPlanOutStatus
from .payment_plan_page import PaymentPlanPage
from .payment_plan_refund_out import PaymentPlanRefundOut
from .payment_plan_refund_out_reason import PaymentPlanRefundOutReason
from .payment_plan_refund_out_status import PaymentPlanRefundOutStatus
from .plan_change_in import PlanChangeIn
from .plan_change_out import PlanChangeOut
from .plan_change_out_kind import PlanChangeOutKind
from .plan_change_out_status import PlanChangeOutStatus
from .plan_out import PlanOut
from .plan_out_missing_requirements import PlanOutMissingRequirements
from .plugin_config import PluginConfig
from .plugin_config_settings import PluginConfigSettings
from .plugin_out import PluginOut
from .plugin_out_settings import PluginOutSettings
from .plugin_out_settings_schema import PluginOutSettingsSchema
from .plugin_patch import PluginPatch
from .plugin_patch_settings import PluginPatchSettings
from .plugin_update import PluginUpdate
from .plugin_update_settings import PluginUpdateSettings
from .price import Price
from .problem import Problem
from .problem_code import ProblemCode
from .problem_errors import ProblemErrors
from .profile_in import ProfileIn
from .quote_out import QuoteOut
from .quote_out_extensions import QuoteOutExtensions
from .quote_out_problem_type_0 import QuoteOutProblemType0
from .quote_out_tax_type_0 import QuoteOutTaxType0
from .recommendation_list import RecommendationList
from .recommendation_out import RecommendationOut
from .redemption_out import RedemptionOut
from .redemption_out_status import RedemptionOutStatus
from .refresh_in import RefreshIn
from .refund_in import RefundIn
from .refund_out import RefundOut
from .reminder_out import ReminderOut
from .reminders_page import RemindersPage
from .retention import Retention
from .retention_out import RetentionOut
from .roster_counts import RosterCounts
from .roster_entry_out import RosterEntryOut
from .roster_entry_out_seat_status import RosterEntryOutSeatStatus
from .roster_out import RosterOut
from .roster_step_out import RosterStepOut
from .roster_step_out_status import RosterStepOutStatus
from .seat_code_out import SeatCodeOut
from .seat_code_out_redeemed_with_type_1 import SeatCodeOutRedeemedWithType1
from .seat_code_out_redeemed_with_type_2_type_1 import SeatCodeOutRedeemedWithType2Type1
from .seat_code_out_redeemed_with_type_3_type_1 import SeatCodeOutRedeemedWithType3Type1
from .seat_code_out_status import SeatCodeOutStatus
from .seat_purchase_detail_out import SeatPurchaseDetailOut
from .seat_purchase_detail_out_status import SeatPurchaseDetailOutStatus
from .seat_purchase_out import SeatPurchaseOut
from .seat_purchase_out_status import SeatPurchaseOutStatus
from .seat_purchase_page import SeatPurchasePage
from .seat_redeem_in import SeatRedeemIn
from .seat_redemption_list_out import SeatRedemptionListOut
from .seat_redemption_list_out_redeemed_with_type_1 import SeatRedemptionListOutRedeemedWithType1
from .seat_redemption_list_out_redeemed_with_type_2_type_1 import SeatRedemptionListOutRedeemedWithType2Type1
from .seat_redemption_list_out_redeemed_with_type_3_type_1 import SeatRedemptionListOutRedeemedWithType3Type1
from .seat_redemption_list_out_status import SeatRedemptionListOutStatus
from .seat_redemption_out import SeatRedemptionOut
from .seat_redemption_page import SeatRedemptionPage
from .selection import Selection
from .session_choice_out import SessionChoiceOut
from .session_out import SessionOut
from .signup import Signup
from .staff_invite import StaffInvite
from .staff_invite_role import StaffInviteRole
from .staff_out import StaffOut
from .staff_out_role import StaffOutRole
from .staff_out_status import StaffOutStatus
from .staff_page import StaffPage
from .staff_session_out import StaffSessionOut
from .staff_sign_in import StaffSignIn
from .staff_token_out import StaffTokenOut
from .staff_update import StaffUpdate
from .staff_update_role import StaffUpdateRole
from .step_list import StepList
from .step_out import StepOut
from .step_update import StepUpdate
from .step_write import StepWrite
from .student_export_out import StudentExportOut
from .student_export_out_audit_entries_item import StudentExportOutAuditEntriesItem
from .student_export_out_enrollments_item import StudentExportOutEnrollmentsItem
from .student_export_out_funnel_events_item import StudentExportOutFunnelEventsItem
from .student_export_out_live_events_item import StudentExportOutLiveEventsItem
from .student_export_out_orders_item import StudentExportOutOrdersItem
from .student_export_out_payment_events_item import StudentExportOutPaymentEventsItem
from .student_export_out_plugins import StudentExportOutPlugins
from .student_export_out_profile import StudentExportOutProfile
from .student_export_out_sessions_item import StudentExportOutSessionsItem
from .student_export_out_tenant import StudentExportOutTenant
from .student_out import StudentOut
from .student_page import StudentPage
from .subscription_list import SubscriptionList
from .subscription_out import SubscriptionOut
from .subscription_out_access import SubscriptionOutAccess
from .subscription_out_status import SubscriptionOutStatus
from .subscription_page import SubscriptionPage
from .summary_out import SummaryOut
from .tenant_create import TenantCreate
from .tenant_create_plugins import TenantCreatePlugins
from .tenant_created import TenantCreated
from .tenant_out import TenantOut
from .tenant_page import TenantPage
from .tenant_summary_out import TenantSummaryOut
from .tenant_update import TenantUpdate
from .timeseries_bucket import TimeseriesBucket
from .timeseries_report import TimeseriesReport
from .timeseries_report_interval import TimeseriesReportInterval
from .token_out import TokenOut
from .totals_out import TotalsOut
from .totals_out_discount_given import TotalsOutDiscountGiven
from .totals_out_revenue import TotalsOutRevenue
from .totp_code import TotpCode
from .totp_enrolled import TotpEnrolled
from .transition_out import TransitionOut
from .vat_recheck_out import VatRecheckOut
from .vat_recheck_out_status import VatRecheckOutStatus
from .vat_recheck_page import VatRecheckPage
from .waitlist_join import WaitlistJoin
from .waitlist_list import WaitlistList
from .waitlist_out import WaitlistOut
from .waitlist_out_status import WaitlistOutStatus
from .webhook_ack import WebhookAck
from .webhook_attempt_out import WebhookAttemptOut
from .webhook_attempt_out_outcome import WebhookAttemptOutOutcome
from .webhook_attempt_out_trigger import WebhookAttemptOutTrigger
from .webhook_delivery_detail import WebhookDeliveryDetail
from .webhook_delivery_detail_payload import WebhookDeliveryDetailPayload
from .webhook_delivery_detail_status import WebhookDeliveryDetailStatus
from .webhook_delivery_out import WebhookDeliveryOut
from .webhook_delivery_out_status import WebhookDeliveryOutStatus
from .webhook_delivery_page import WebhookDeliveryPage
from .webhook_endpoint_out import WebhookEndpointOut
from .webhook_endpoint_page import WebhookEndpointPage
from .webhook_endpoint_update import WebhookEndpointUpdate
from .webhook_endpoint_with_secret import WebhookEndpointWithSecret
from .webhook_endpoint_write import WebhookEndpointWrite
from .webhook_secret_rotation import WebhookSecretRotation

__all__ = (
    "AdminCancel",
    "AdminCancelRefund",
    "AdminCourseOut",
    "AdminCourseOutAttributes",
    "AdminCoursePage",
    "AdminEnrollmentCreate",
    "AdminEnrollmentCreated",
    "AdminEnrollmentCreatedCheckoutType0",
    "AdminEnrollmentCreatedStatus",
    "AdminEnrollmentOut",
    "AdminEnrollmentOutCheckoutType0",
    "AdminEnrollmentOutStatus",
    "AdminEnrollmentPage",
    "AdminOrderListOut",
    "AdminOrderListOutBillingType0",
    "AdminOrderListOutCheckoutType0",
    "AdminOrderListOutEnrollmentStatus",
    "AdminOrderListOutStatus",
    "AdminOrderListOutTaxType0",
    "AdminOrderOut",
    "AdminOrderOutBillingType0",
    "AdminOrderOutCheckoutType0",
    "AdminOrderOutEnrollmentStatus",
    "AdminOrderOutStatus",
    "AdminOrderOutTaxType0",
    "AdminOrderPage",
    "Advance",
    "AttentionOut",
    "AuditEntryOut",
    "AuditEntryOutAfterType0",
    "AuditEntryOutBeforeType0",
    "AuditPage",
    "BookingRequest",
    "BundleOut",
    "BundlePage",
    "BundleWrite",
    "Charge",
    "ChargesResult",
    "CodeList",
    "CodeOut",
    "CodeOutAmountsOffType0",
    "CodeOutMinPriceType0",
    "CodeTemplate",
    "CodeTemplateAmountsOffType0",
    "CodeTemplateMinPriceType0",
    "CodeWrite",
    "CodeWriteAmountsOffType0",
    "CodeWriteMinPriceType0",
    "CohortOut",
    "CohortPage",
    "CohortUpdate",
    "CohortWrite",
    "ConsoleSignIn",
    "ConsoleSignInOut",
    "CourseImpactOut",
    "CourseOut",
    "CourseOutEnrollState",
    "CourseOutExtensions",
    "CoursePage",
    "CourseUpdate",
    "CourseUpdateAttributes",
    "CourseUpdateAttributesAdditionalProperty",
    "CourseUpdateStatus",
    "CourseWrite",
    "CourseWriteAttributes",
    "CourseWriteAttributesAdditionalProperty",
    "CourseWriteStatus",
    "DashboardOut",
    "DiscountCodePage",
    "DiscountRedemptionPage",
    "DummyPayDataBody",
    "DummyPayDataBodyOutcome",
    "DummyPayJsonBody",
    "DummyPayJsonBodyOutcome",
    "EmailPreferences",
    "EndEnrollment",
    "EnrollmentImportOut",
    "EnrollmentImportOutStatus",
    "EnrollmentImportPage",
    "EnrollmentImportSummaryOut",
    "EnrollmentImportSummaryOutStatus",
    "EnrollmentOut",
    "EnrollmentOutCheckoutType0",
    "EnrollmentOutStatus",
    "EnrollmentPage",
    "EnrollmentRequest",
    "EnrollmentRequestPaymentPlan",
    "ErasureOut",
    "ErasureOutErased",
    "ErasureOutKept",
    "ErasureOutPlugins",
    "ExportInvoicesFormat",
    "ExportJobOut",
    "ExportJobOutStatus",
    "FunnelConversion",
    "FunnelReport",
    "FunnelRow",
    "FunnelRowDiscountCodes",
    "GenerateIn",
    "GenerateInAmountsOffType0",
    "GenerateInMinPriceType0",
    "GetTimeseriesReportInterval",
    "GrantOut",
    "GrantOutStatus",
    "HealthOut",
    "HealthOutChecks",
    "IdentityInvitationAccept",
    "IdentityProvider",
    "IdentityProviderStaffGroups",
    "IdentityProviderStaffGroupsAdditionalProperty",
    "IdentityProviderTokenUse",
    "IdentitySignIn",
    "ImportEnrollmentsFilesBody",
    "ImportErrorOut",
    "InvitationAccept",
    "InvoiceOut",
    "InvoiceOutBreakdownItem",
    "InvoiceOutBuyer",
    "InvoiceOutKind",
    "InvoiceOutLinesItem",
    "InvoiceOutSeller",
    "InvoicePage",
    "KeyCreate",
    "KeyCreated",
    "KeyCreatedKind",
    "KeyCreatedStatus",
    "KeyCreateKind",
    "KeyOut",
    "KeyOutKind",
    "KeyOutStatus",
    "KeyPage",
    "KeyRotate",
    "LinkTokenIn",
    "ListAdminEnrollmentsStatus",
    "ListInvoicesKind",
    "ListMailsStatus",
    "ListMySeatPurchasesStatus",
    "ListOrdersStatus",
    "ListPaymentPlansStatus",
    "ListSeatPurchasesStatus",
    "ListSeatRedemptionsStatus",
    "ListSubscriptionsStatus",
    "ListVatRechecksStatus",
    "ListWebhookDeliveriesStatus",
    "Login",
    "LogoutIn",
    "MailOut",
    "MailOutStatus",
    "MailPage",
    "MemberOut",
    "MoneyOut",
    "MyStepOut",
    "MyStepOutStatus",
    "MyStepsOut",
    "OptionList",
    "OptionOut",
    "OptionUpdate",
    "OptionWrite",
    "OrderOut",
    "OrderOutBillingType0",
    "OrderOutCheckoutType0",
    "OrderOutEnrollmentStatus",
    "OrderOutStatus",
    "OrderOutTaxType0",
    "OrderStudentOut",
    "OwnedCourse",
    "PaginationMetadata",
    "PasswordChange",
    "PasswordResetConfirmIn",
    "PasswordResetIn",
    "PaymentEventOut",
    "PaymentEventPage",
    "PaymentMethodIn",
    "PaymentMethodOut",
    "PaymentPlanInstallmentOut",
    "PaymentPlanInstallmentOutStatus",
    "PaymentPlanList",
    "PaymentPlanOut",
    "PaymentPlanOutAccess",
    "PaymentPlanOutStatus",
    "PaymentPlanPage",
    "PaymentPlanRefundOut",
    "PaymentPlanRefundOutReason",
    "PaymentPlanRefundOutStatus",
    "PayResult",
    "PlanChangeIn",
    "PlanChangeOut",
    "PlanChangeOutKind",
    "PlanChangeOutStatus",
    "PlanOut",
    "PlanOutMissingRequirements",
    "PluginConfig",
    "PluginConfigSettings",
    "PluginOut",
    "PluginOutSettings",
    "PluginOutSettingsSchema",
    "PluginPatch",
    "PluginPatchSettings",
    "PluginUpdate",
    "PluginUpdateSettings",
    "Price",
    "Problem",
    "ProblemCode",
    "ProblemErrors",
    "ProfileIn",
    "QuoteOut",
    "QuoteOutExtensions",
    "QuoteOutProblemType0",
    "QuoteOutTaxType0",
    "RecommendationList",
    "RecommendationOut",
    "RedemptionOut",
    "RedemptionOutStatus",
    "RefreshIn",
    "RefundIn",
    "RefundOut",
    "ReminderOut",
    "RemindersPage",
    "Retention",
    "RetentionOut",
    "RosterCounts",
    "RosterEntryOut",
    "RosterEntryOutSeatStatus",
    "RosterOut",
    "RosterStepOut",
    "RosterStepOutStatus",
    "SeatCodeOut",
    "SeatCodeOutRedeemedWithType1",
    "SeatCodeOutRedeemedWithType2Type1",
    "SeatCodeOutRedeemedWithType3Type1",
    "SeatCodeOutStatus",
    "SeatPurchaseDetailOut",
    "SeatPurchaseDetailOutStatus",
    "SeatPurchaseOut",
    "SeatPurchaseOutStatus",
    "SeatPurchasePage",
    "SeatRedeemIn",
    "SeatRedemptionListOut",
    "SeatRedemptionListOutRedeemedWithType1",
    "SeatRedemptionListOutRedeemedWithType2Type1",
    "SeatRedemptionListOutRedeemedWithType3Type1",
    "SeatRedemptionListOutStatus",
    "SeatRedemptionOut",
    "SeatRedemptionPage",
    "Selection",
    "SessionChoiceOut",
    "SessionOut",
    "Signup",
    "StaffInvite",
    "StaffInviteRole",
    "StaffOut",
    "StaffOutRole",
    "StaffOutStatus",
    "StaffPage",
    "StaffSessionOut",
    "StaffSignIn",
    "StaffTokenOut",
    "StaffUpdate",
    "StaffUpdateRole",
    "StepList",
    "StepOut",
    "StepUpdate",
    "StepWrite",
    "StudentExportOut",
    "StudentExportOutAuditEntriesItem",
    "StudentExportOutEnrollmentsItem",
    "StudentExportOutFunnelEventsItem",
    "StudentExportOutLiveEventsItem",
    "StudentExportOutOrdersItem",
    "StudentExportOutPaymentEventsItem",
    "StudentExportOutPlugins",
    "StudentExportOutProfile",
    "StudentExportOutSessionsItem",
    "StudentExportOutTenant",
    "StudentOut",
    "StudentPage",
    "SubscriptionList",
    "SubscriptionOut",
    "SubscriptionOutAccess",
    "SubscriptionOutStatus",
    "SubscriptionPage",
    "SummaryOut",
    "TenantCreate",
    "TenantCreated",
    "TenantCreatePlugins",
    "TenantOut",
    "TenantPage",
    "TenantSummaryOut",
    "TenantUpdate",
    "TimeseriesBucket",
    "TimeseriesReport",
    "TimeseriesReportInterval",
    "TokenOut",
    "TotalsOut",
    "TotalsOutDiscountGiven",
    "TotalsOutRevenue",
    "TotpCode",
    "TotpEnrolled",
    "TransitionOut",
    "VatRecheckOut",
    "VatRecheckOutStatus",
    "VatRecheckPage",
    "WaitlistJoin",
    "WaitlistList",
    "WaitlistOut",
    "WaitlistOutStatus",
    "WebhookAck",
    "WebhookAttemptOut",
    "WebhookAttemptOutOutcome",
    "WebhookAttemptOutTrigger",
    "WebhookDeliveryDetail",
    "WebhookDeliveryDetailPayload",
    "WebhookDeliveryDetailStatus",
    "WebhookDeliveryOut",
    "WebhookDeliveryOutStatus",
    "WebhookDeliveryPage",
    "WebhookEndpointOut",
    "WebhookEndpointPage",
    "WebhookEndpointUpdate",
    "WebhookEndpointWithSecret",
    "WebhookEndpointWrite",
    "WebhookSecretRotation",
)
