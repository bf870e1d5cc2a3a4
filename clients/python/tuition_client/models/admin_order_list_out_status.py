from enum import StrEnum

class AdminOrderListOutStatus(StrEnum):
    CANCELED = "canceled"
    CHECKOUT_PENDING = "checkout_pending"
    EXPIRED = "expired"
    FAILED = "failed"
    PAID = "paid"
    PARTIALLY_REFUNDED = "partially_refunded"
    PENDING = "pending"
    REFUNDED = "refunded"

    def __str__(self) -> str:
        return str(self.value)
