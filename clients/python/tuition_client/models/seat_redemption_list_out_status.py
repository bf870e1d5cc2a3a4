from enum import StrEnum

class SeatRedemptionListOutStatus(StrEnum):
    REDEEMED = "redeemed"
    REVOKED = "revoked"
    UNUSED = "unused"
    VOID = "void"

    def __str__(self) -> str:
        return str(self.value)
