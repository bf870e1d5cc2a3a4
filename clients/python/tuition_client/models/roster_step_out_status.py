from enum import StrEnum

class RosterStepOutStatus(StrEnum):
    BOOKED = "booked"
    COMPLETED = "completed"
    UNBOOKED = "unbooked"

    def __str__(self) -> str:
        return str(self.value)
