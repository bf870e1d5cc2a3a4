"""Deprecated alias of :mod:`tuition.plugin_api`
(removed in tuition 0.3): import from there."""

from tuition._moved import forward

__getattr__ = forward(__name__, "tuition.plugin_api")
