from enum import StrEnum

class VatRecheckOutStatus(StrEnum):
    INVALID = "invalid"
    UNVERIFIED = "unverified"
    VALID = "valid"

    def __str__(self) -> str:
        return str(self.value)
