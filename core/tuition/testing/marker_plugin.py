"""A plugin loaded by name (TUITION_EXTRA_PLUGINS) in worker subprocesses: it appends each
activated enrollment id to the file named by TUITION_TEST_MARKER_FILE."""

from __future__ import annotations

import os

from tuition.plugin_api import hookimpl


@hookimpl
def tuition_after_enrollment(enrollment):
    with open(os.environ["TUITION_TEST_MARKER_FILE"], "a") as marker:
        marker.write(f"{enrollment.id} {os.getpid()}\n")
