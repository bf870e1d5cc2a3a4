"""Test support for Tuition and its plugins: fixtures (a ``pytest11`` plugin) and helpers.

Installed with core; any plugin's test suite gets the fixtures ``tuition_settings``,
``app``, ``client``, ``api``, ``tenant`` and ``student`` without a conftest of its own.
"""
