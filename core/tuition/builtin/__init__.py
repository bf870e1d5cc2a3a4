"""Core behaviour shipped as built-in plugins, registered like external ones."""

from tuition.builtin import core_checks

BUILTIN_PLUGINS = [("core", core_checks)]
