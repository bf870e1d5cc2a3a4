from enum import StrEnum

class ListSubscriptionsStatus(StrEnum):
    ACTIVE = "active"
    CANCELED = "canceled"
    PAST_DUE = "past_due"
    PAUSED = "paused"
    PENDING = "pending"
    TRIALING = "trialing"
    VOID = "void"

    def __str__(self) -> str:
        return str(self.value)
