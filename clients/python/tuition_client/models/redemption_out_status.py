from enum import StrEnum

class RedemptionOutStatus(StrEnum):
    HELD = "held"
    RELEASED = "released"
    USED = "used"

    def __str__(self) -> str:
        return str(self.value)
