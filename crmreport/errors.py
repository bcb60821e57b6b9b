"""Errors that reach the user as one clear line on stderr and exit status 2."""


class InputError(Exception):
    """A usage or input problem the user can fix: missing file, unreadable table, missing column."""
