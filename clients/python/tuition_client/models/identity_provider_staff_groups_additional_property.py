from enum import StrEnum

class IdentityProviderStaffGroupsAdditionalProperty(StrEnum):
    MANAGER = "manager"
    OWNER = "owner"
    SUPPORT = "support"

    def __str__(self) -> str:
        return str(self.value)
