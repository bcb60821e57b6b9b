"""Errors that reach the user as one clear line on stderr and exit status 2."""


class InputError(Exception):
    """A usage or input problem the user can fix: missing file, unreadable table, missing column."""


class NoReportRan(InputError):
    """None of a dashboard's reports could run; ``skipped`` holds each report's name and why it could not."""

    def __init__(self, message: str, skipped: list[tuple[str, str]]):
        super().__init__(message)
        self.skipped = skipped
