from enum import StrEnum

class ListPaymentPlansStatus(StrEnum):
    ACTIVE = "active"
    CANCELED = "canceled"
    COMPLETED = "completed"
    ENDED = "ended"
    OVERDUE = "overdue"
    PAID_OFF = "paid_off"
    PAST_DUE = "past_due"
    PENDING = "pending"
    VOID = "void"

    def __str__(self) -> str:
        return str(self.value)
