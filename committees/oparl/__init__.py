"""A read-only OParl 1.1 endpoint (https://oparl.org/spezifikation/) at /oparl/v1/.

``serialise`` turns models into OParl objects (plain functions over the public selectors:
nothing unpublished, and of an exempt item only its title and paragraph); ``views`` are thin.
"""
