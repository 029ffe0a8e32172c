"""Pure pipeline stages: no network, no database, no globals.

Importing a stage module registers it in :mod:`newsfuse.pipeline`.
"""
