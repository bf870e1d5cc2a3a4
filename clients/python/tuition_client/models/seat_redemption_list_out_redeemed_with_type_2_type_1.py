from enum import StrEnum

class SeatRedemptionListOutRedeemedWithType2Type1(StrEnum):
    CODE = "code"
    LINK = "link"

    def __str__(self) -> str:
        return str(self.value)
