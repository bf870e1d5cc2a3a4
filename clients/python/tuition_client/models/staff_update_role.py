from enum import StrEnum

class StaffUpdateRole(StrEnum):
    MANAGER = "manager"
    OWNER = "owner"
    SUPPORT = "support"

    def __str__(self) -> str:
        return str(self.value)
