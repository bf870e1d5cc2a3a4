from enum import StrEnum

class RosterEntryOutSeatStatus(StrEnum):
    HELD = "held"
    TAKEN = "taken"

    def __str__(self) -> str:
        return str(self.value)
