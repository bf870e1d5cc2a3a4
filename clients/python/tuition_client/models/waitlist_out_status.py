from enum import StrEnum

class WaitlistOutStatus(StrEnum):
    ACCEPTED = "accepted"
    EXPIRED = "expired"
    LEFT = "left"
    OFFERED = "offered"
    WAITING = "waiting"

    def __str__(self) -> str:
        return str(self.value)
