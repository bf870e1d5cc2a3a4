from enum import StrEnum

class PlanChangeOutStatus(StrEnum):
    APPLIED = "applied"
    CANCELED = "canceled"
    FAILED = "failed"
    PENDING = "pending"
    SCHEDULED = "scheduled"

    def __str__(self) -> str:
        return str(self.value)
