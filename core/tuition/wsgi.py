"""WSGI entry point: ``gunicorn 'tuition.wsgi:app'`` (settings from TUITION_* variables)."""

from tuition.app import create_app
from tuition.cli import configure_logging

configure_logging()
app = create_app()
