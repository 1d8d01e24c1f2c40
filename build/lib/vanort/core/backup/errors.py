class BackupError(Exception):
    """A backup cannot be made or restored; the message (translated) tells the operator why."""
