"""``python -m evidence_desk.cli``: the command line without an installed script."""

from . import run

run()
