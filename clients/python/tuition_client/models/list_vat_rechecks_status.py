from enum import StrEnum

class ListVatRechecksStatus(StrEnum):
    INVALID = "invalid"
    UNVERIFIED = "unverified"
    VALID = "valid"

    def __str__(self) -> str:
        return str(self.value)
