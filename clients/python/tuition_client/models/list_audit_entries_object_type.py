from enum import StrEnum

class ListAuditEntriesObjectType(StrEnum):
    COURSE = "course"
    ENROLLMENT = "enrollment"
    ORDER = "order"
    PLUGIN = "plugin"
    TENANT = "tenant"

    def __str__(self) -> str:
        return str(self.value)
