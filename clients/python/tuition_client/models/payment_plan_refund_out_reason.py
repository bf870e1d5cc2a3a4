from enum import StrEnum

class PaymentPlanRefundOutReason(StrEnum):
    ADMIN = "admin"
    AFTER_CLOSE = "after_close"
    DUPLICATE = "duplicate"
    PAY_OFF_EXCESS = "pay_off_excess"

    def __str__(self) -> str:
        return str(self.value)
