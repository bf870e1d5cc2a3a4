from enum import StrEnum

class ListAuditEntriesObjectType(StrEnum):
    API_KEY = "api_key"
    COURSE = "course"
    ENROLLMENT = "enrollment"
    ORDER = "order"
    PLUGIN = "plugin"
    STUDENT = "student"
    TENANT = "tenant"

    def __str__(self) -> str:
        return str(self.value)
