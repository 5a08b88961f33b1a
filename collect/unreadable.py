"""The one exception intake raises inside itself: a file it will not read, and why."""

from __future__ import annotations


class UnreadableFile(Exception):
    """The file cannot be read as a spreadsheet; `rule` is the feedback catalogue key."""

    def __init__(self, rule: str, **params: object) -> None:
        super().__init__(rule)
        self.rule = rule
        self.params = params
