"""WSGI entry point: ``gunicorn 'tuition.wsgi:app'`` (settings from TUITION_* variables)."""

from tuition.app import create_app

app = create_app()
