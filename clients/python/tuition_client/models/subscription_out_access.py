from enum import StrEnum

class SubscriptionOutAccess(StrEnum):
    ENDED = "ended"
    GRANTED = "granted"
    PAUSED = "paused"
    PENDING = "pending"

    def __str__(self) -> str:
        return str(self.value)
