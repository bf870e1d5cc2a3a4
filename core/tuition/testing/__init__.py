"""Test support for Tuition and its plugins: fixtures (a ``pytest11`` plugin) and helpers.

Installed with core; any plugin's test suite gets the fixtures ``tuition_settings``,
``app``, ``client``, ``api``, ``tenant`` and ``student`` without a conftest of its own,
plus ``recorder`` (core's recording plugin) and ``rq_queue`` (jobs on a Redis queue of the
test's own instead of inline).

A plugin's tests import of core only this package and :mod:`tuition.plugin_api`. For what
only core or the operator does, the helpers take the host (the ``runtime`` fixture) and
return plain values or records: :mod:`~tuition.testing.chores` (the sweep, reconcile),
:mod:`~tuition.testing.outbox` (the job outbox), :mod:`~tuition.testing.queues` (an rq
worker burst, delayed jobs), :mod:`~tuition.testing.payments` (checkouts running out,
stored webhook events), :mod:`~tuition.testing.tenants` (tenant files),
:mod:`~tuition.testing.cli` (the ``tuition`` command line) and :mod:`~tuition.testing.apps`
(an app outside the fixtures); :class:`~tuition.testing.api.Api` drives the REST API.
"""
