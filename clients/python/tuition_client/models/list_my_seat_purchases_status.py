from enum import StrEnum

class ListMySeatPurchasesStatus(StrEnum):
    ACTIVE = "active"
    CANCELED = "canceled"
    PENDING = "pending"
    REFUNDED = "refunded"

    def __str__(self) -> str:
        return str(self.value)
