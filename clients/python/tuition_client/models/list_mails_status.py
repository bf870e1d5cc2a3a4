from enum import StrEnum

class ListMailsStatus(StrEnum):
    FAILED = "failed"
    NO_RECIPIENT = "no_recipient"
    OPTED_OUT = "opted_out"
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"

    def __str__(self) -> str:
        return str(self.value)
