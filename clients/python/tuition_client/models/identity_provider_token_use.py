from enum import StrEnum

class IdentityProviderTokenUse(StrEnum):
    ACCESS = "access"
    ANY = "any"
    ID = "id"

    def __str__(self) -> str:
        return str(self.value)
