"""Core behaviour shipped as built-in plugins, registered like external ones."""

from tuition.builtin import core_checks, one_time

BUILTIN_PLUGINS = [("core", core_checks), ("one_time", one_time)]
