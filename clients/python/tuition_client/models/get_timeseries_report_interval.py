from enum import StrEnum

class GetTimeseriesReportInterval(StrEnum):
    DAY = "day"
    WEEK = "week"

    def __str__(self) -> str:
        return str(self.value)
