"""The REST API: thin flask-smorest views over the services."""
