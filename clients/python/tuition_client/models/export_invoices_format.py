from enum import StrEnum

class ExportInvoicesFormat(StrEnum):
    CSV = "csv"
    ZIP = "zip"

    def __str__(self) -> str:
        return str(self.value)
