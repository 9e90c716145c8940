"""``python -m evidence_desk`` and the packaged ``evidence-desk`` program.

With no command it starts the desktop application. The packaged program is also the
command line: ``evidence-desk demo PATH``, ``evidence-desk verify`` and every other
command of the CLI work as they do with the ``evidence-desk`` script of a source install.
``--self-test`` checks the build without a display and exits 0 when it works.
"""

from __future__ import annotations

import multiprocessing
import sys


def _cli_command(arguments: list[str]) -> bool:
    """Whether the arguments name a CLI command (after an optional ``--library PATH``)."""
    from .cli import COMMANDS

    index = 0
    while index < len(arguments):
        argument = arguments[index]
        if argument == "--library":
            index += 2
            continue
        if argument.startswith("--library="):
            index += 1
            continue
        return argument in COMMANDS or argument in ("--version", "-h", "--help")
    return False


def main() -> int:
    # A frozen bundle starts its worker processes by running this executable again:
    # freeze_support() turns such a start into the worker instead of a second window.
    multiprocessing.freeze_support()
    arguments = sys.argv[1:]
    if arguments[:1] == ["--self-test"]:
        from .selftest import run_self_test

        return run_self_test()
    if _cli_command(arguments):
        from .cli import run_program

        return run_program(arguments)
    from .gui.app import run

    return run(sys.argv)


if __name__ == "__main__":
    sys.exit(main())
