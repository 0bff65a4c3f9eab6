class KgError(Exception):
    """A problem the user can fix, reported as one line without a traceback."""
