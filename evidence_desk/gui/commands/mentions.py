"""Undoable decisions on officer mentions: confirm, reject, assign to another officer.

The first redo asks the core for the decision; undo and every later redo put the
mention's decision back to the state before or after it (``mentions.set_decision``),
the alias a confirmation added included, with the same ids.
"""

from __future__ import annotations

from collections.abc import Callable

from ...core import mentions
from ...core.library import Library
from ...core.mentions import DecisionChange, DecisionRecord
from ..context import AppContext, Change
from . import ServiceCommand

# A confirmation may add an alias (the registry); officers and the matter's panel show it.
TOUCHES = Change.OFFICERS | Change.DOCUMENTS


class MentionDecisionCommand(ServiceCommand):
    """One decision on one mention."""

    touches = TOUCHES

    def __init__(
        self,
        context: AppContext,
        mention_id: int,
        text: str,
        decide: Callable[[Library, int], DecisionChange],
    ) -> None:
        super().__init__(context, text)
        self.mention_id = mention_id
        self._decide = decide
        self.before: DecisionRecord | None = None
        self.after: DecisionRecord | None = None
        self.change: DecisionChange | None = None

    def apply(self) -> None:
        if self.change is None:
            self.change = self._decide(self.context.library, self.mention_id)
            self.before, self.after = self.change.before, self.change.after
        else:
            mentions.set_decision(self.context.library, self.mention_id, self.after)

    def revert(self) -> None:
        mentions.set_decision(self.context.library, self.mention_id, self.before)


def confirm_command(context: AppContext, mention_id: int, label: str) -> MentionDecisionCommand:
    return MentionDecisionCommand(
        context, mention_id, f"Confirm mention “{label}”", mentions.confirm_mention
    )


def reject_command(context: AppContext, mention_id: int, label: str) -> MentionDecisionCommand:
    return MentionDecisionCommand(
        context, mention_id, f"Reject mention “{label}”", mentions.reject_mention
    )


def reassign_command(
    context: AppContext, mention_id: int, label: str, officer_id: int, officer: str
) -> MentionDecisionCommand:
    return MentionDecisionCommand(
        context,
        mention_id,
        f"Mention “{label}” is {officer}",
        lambda library, mention: mentions.reassign_mention(library, mention, officer_id),
    )
