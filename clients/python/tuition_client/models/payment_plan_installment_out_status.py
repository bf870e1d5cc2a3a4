from enum import StrEnum

class PaymentPlanInstallmentOutStatus(StrEnum):
    CANCELED = "canceled"
    FAILED = "failed"
    PAID = "paid"
    SCHEDULED = "scheduled"
    WAIVED = "waived"

    def __str__(self) -> str:
        return str(self.value)
