from enum import StrEnum

class KeyCreatedKind(StrEnum):
    PUBLISHABLE = "publishable"
    SECRET = "secret"

    def __str__(self) -> str:
        return str(self.value)
