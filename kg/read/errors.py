"""The read stage's error: a file that cannot be read as a report, with a message naming the problem."""


class ReadError(ValueError):
    """A file that cannot be read as a report; the message names the problem."""
