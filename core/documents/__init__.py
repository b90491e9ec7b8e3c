"""A small, Django-free vocabulary for documents (blocks) and the registry of named live
sections that each area fills in with its own data."""
