"""Time, injectable so that lifecycle rules can be tested at any date."""
from datetime import datetime, timezone


class SystemClock:
    def now(self):
        return datetime.now(timezone.utc)


class FixedClock:
    """A clock tests can set and move."""

    def __init__(self, at):
        self.at = at

    def now(self):
        return self.at

    def advance(self, delta):
        self.at = self.at + delta
