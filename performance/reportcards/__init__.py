"""Report cards and the commentary workflow: a Django app of its own for loading (its models,
admin, tasks and rules), whose models belong to the "performance" app label (see apps.py)."""
