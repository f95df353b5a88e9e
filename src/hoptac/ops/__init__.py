"""Operations: backups and restores, the installation's identity, heartbeats of
the worker, request logs, metrics for the operator and the read-replica router.

This app knows nothing of the domain: it works on the database and the stored
files as a whole, so that every other app can rely on it (the ground floor).
"""
