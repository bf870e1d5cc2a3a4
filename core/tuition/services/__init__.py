"""Business rules. No Flask here: services take a runtime, a session and plain values, and
raise :mod:`tuition.plugin_api.errors` exceptions."""
