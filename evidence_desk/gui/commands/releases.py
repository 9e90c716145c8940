"""Undoable releases of passages for public briefs: release or withdraw, and back."""

from __future__ import annotations

from ...core import releases
from ...core.wording import plural
from ..context import AppContext, Change
from . import ServiceCommand


class SetReleaseCommand(ServiceCommand):
    """Release passages (``released=True``) or withdraw their release; undo puts each
    passage's release back exactly as it was (who, when, which words)."""

    touches = Change(0)  # releases show in no view that refreshes itself

    def __init__(self, context: AppContext, keys: list[str], released: bool) -> None:
        count = plural(len(keys), "passage")
        super().__init__(context, f"{'Release' if released else 'Withdraw'} {count}")
        self.keys = list(dict.fromkeys(keys))
        self.released = released
        self._before: list[releases.ReleaseState] = []

    def apply(self) -> None:
        if self.released:
            self._before = releases.release_passages(self.context.library, self.keys)
        else:
            self._before = releases.unrelease_passages(self.context.library, self.keys)

    def revert(self) -> None:
        for state in self._before:
            releases.restore_release(self.context.library, state)
