from enum import StrEnum

class InvoiceOutKind(StrEnum):
    CREDIT_NOTE = "credit_note"
    INVOICE = "invoice"

    def __str__(self) -> str:
        return str(self.value)
