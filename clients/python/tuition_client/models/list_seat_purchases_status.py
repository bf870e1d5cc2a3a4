from enum import StrEnum

class ListSeatPurchasesStatus(StrEnum):
    ACTIVE = "active"
    CANCELED = "canceled"
    PENDING = "pending"
    REFUNDED = "refunded"

    def __str__(self) -> str:
        return str(self.value)
