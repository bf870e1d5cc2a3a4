from enum import StrEnum

class KeyOutStatus(StrEnum):
    ACTIVE = "active"
    EXPIRED = "expired"
    EXPIRING = "expiring"
    REVOKED = "revoked"

    def __str__(self) -> str:
        return str(self.value)
