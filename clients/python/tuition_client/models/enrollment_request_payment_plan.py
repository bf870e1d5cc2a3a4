from enum import StrEnum

class EnrollmentRequestPaymentPlan(StrEnum):
    FULL = "full"
    INSTALLMENTS = "installments"

    def __str__(self) -> str:
        return str(self.value)
