"""WSGI entry point: ``gunicorn 'tuition.wsgi:app'`` (settings from TUITION_* variables).

A bad setting stops the process with one line on stderr (``tuition: TUITION_…: …``) and
exit status 4, gunicorn's "App failed to load", so its master stops instead of starting
worker after worker.
"""

import sys

from tuition.app import create_app
from tuition.cli import configure_logging
from tuition.config import Settings, SettingsError

#: The exit status of a process whose settings are wrong (gunicorn: APP_LOAD_ERROR).
EXIT_BAD_SETTINGS = 4

try:
    _settings = Settings.from_env()
    configure_logging(_settings)
    app = create_app(_settings)
except SettingsError as exc:
    print(f"tuition: {exc}", file=sys.stderr, flush=True)
    sys.exit(EXIT_BAD_SETTINGS)
