from enum import StrEnum

class CourseOutEnrollState(StrEnum):
    AVAILABLE = "available"
    BUNDLE_OWNED = "bundle_owned"
    CHOOSE_COHORT = "choose_cohort"
    CODE_REQUIRED = "code_required"
    ENROLLED = "enrolled"
    FULL = "full"
    INCLUDED = "included"
    LOGIN_REQUIRED = "login_required"
    MEMBERSHIP_PAUSED = "membership_paused"
    NOT_AVAILABLE = "not_available"
    PAYMENT_OVERDUE = "payment_overdue"
    PENDING_PAYMENT = "pending_payment"
    REGISTRATION_CLOSED = "registration_closed"

    def __str__(self) -> str:
        return str(self.value)
