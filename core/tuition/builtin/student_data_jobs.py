"""The job that builds a large export of a student's data. Registered by the ``core``
built-in plugin."""

from __future__ import annotations

from tuition.plugin_api import JobHandler, hookimpl
from tuition.services import student_data


@hookimpl
def tuition_job_handlers() -> dict[str, JobHandler]:
    return {student_data.EXPORT_JOB: student_data.build_export_job}
