from enum import StrEnum

class AdminCancelRefund(StrEnum):
    NONE = "none"
    PRORATED = "prorated"

    def __str__(self) -> str:
        return str(self.value)
