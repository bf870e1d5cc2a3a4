"""Tuition: a headless, multi-tenant course-commerce platform."""

from tuition.plugin_api.hooks import hookimpl, hookspec

__version__ = "0.1.0"

__all__ = ["__version__", "hookimpl", "hookspec"]
