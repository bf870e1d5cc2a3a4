from enum import StrEnum

class MyStepOutStatus(StrEnum):
    BOOKED = "booked"
    COMPLETED = "completed"
    UNBOOKED = "unbooked"

    def __str__(self) -> str:
        return str(self.value)
