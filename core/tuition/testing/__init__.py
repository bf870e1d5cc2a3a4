"""Test support for Tuition and its plugins: fixtures (a ``pytest11`` plugin) and helpers.

Installed with core; any plugin's test suite gets the fixtures ``tuition_settings``,
``app``, ``client``, ``api``, ``tenant`` and ``student`` without a conftest of its own,
plus ``recorder`` (core's recording plugin) and ``rq_queue`` (jobs on a Redis queue of the
test's own instead of inline).
"""
