from enum import StrEnum

class SeatRedemptionListOutRedeemedWithType1(StrEnum):
    CODE = "code"
    LINK = "link"

    def __str__(self) -> str:
        return str(self.value)
