"""Exceptions that actions raise, each carrying reasons a person can read."""


class RuleBroken(Exception):
    """A domain rule refuses the change. `reasons` are plain-English sentences for the user."""

    def __init__(self, reasons: list[str] | str):
        self.reasons = [reasons] if isinstance(reasons, str) else list(reasons)
        super().__init__("; ".join(self.reasons))


class StaleEdit(RuleBroken):
    """Someone else saved the record after this user opened it."""

    def __init__(self, what: str = "this record"):
        super().__init__(
            f"Someone else changed {what} after you opened it. Nothing was saved. "
            "Reload the page to see their changes, then make yours again."
        )
