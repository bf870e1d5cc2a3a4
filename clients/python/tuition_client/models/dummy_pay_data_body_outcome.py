from enum import StrEnum

class DummyPayDataBodyOutcome(StrEnum):
    DECLINE = "decline"
    PAY = "pay"

    def __str__(self) -> str:
        return str(self.value)
