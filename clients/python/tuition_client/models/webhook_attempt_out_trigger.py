from enum import StrEnum

class WebhookAttemptOutTrigger(StrEnum):
    AUTOMATIC = "automatic"
    MANUAL = "manual"

    def __str__(self) -> str:
        return str(self.value)
