"""The evidence-desk command: the core, scriptable, no Qt.

Each command group lives in its own module with a ``register(subparsers)`` function; the
CLI contract (spellings, ``--json``, exit codes) is in the README. A command imports only
its own module (and what that module needs): ``COMMANDS`` says which module registers
each command, so ``evidence-desk matter list`` never loads the memo writer, the PDF
readers or Alembic. Only ``--help`` and a mistyped command load every module, to list them.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from .. import __version__
from ..core.errors import EvidenceDeskError, OutputExistsError
from ..core.file_names import escaped_text, is_valid_utf8

# Command name -> the module that registers it, in the order a new user meets them in
# --help: library and matters, evidence, officers and allegations, patterns and exports,
# then keeping the library safe.
COMMANDS = {
    "init": "library_commands",
    "matter": "matter_commands",
    "note": "matter_commands",
    "import": "import_commands",
    "document": "document_commands",
    "search": "document_commands",
    "ocr": "ocr_commands",
    "ocr-settings": "ocr_commands",
    "officer": "officer_commands",
    "records": "public_data_commands",
    "mentions": "mention_commands",
    "intake": "mention_commands",
    "mention": "mention_commands",
    "allegation": "allegation_commands",
    "tag": "tag_commands",
    "taxonomy": "taxonomy_commands",
    "patterns": "pattern_commands",
    "passage": "passage_commands",
    "export": "export_commands",
    "office": "office_commands",
    "authority": "authority_commands",
    "verify": "integrity_commands",
    "backup": "integrity_commands",
    "restore": "integrity_commands",
    "audit": "integrity_commands",
    "demo": "demo_commands",
}
_GLOBAL_OPTIONS_WITH_VALUE = ("--library",)


class _Parser(argparse.ArgumentParser):
    """argparse that keeps errors to one line, like every other failure."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"evidence-desk: error: {message} (see --help)\n")


def command_name(argv: Sequence[str]) -> str | None:
    """The command word of a command line (the first argument that is not a global option)."""
    arguments = iter(argv)
    for argument in arguments:
        if argument in _GLOBAL_OPTIONS_WITH_VALUE:
            next(arguments, None)
        elif not argument.startswith("-"):
            return argument
    return None


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser for ``command`` only, or for every command when it is None or unknown."""
    parser = _Parser(
        prog="evidence-desk",
        description="Evidence Desk: matters, discovery, allegations, patterns and memos.",
    )
    parser.add_argument("--version", action="version", version=f"evidence-desk {__version__}")
    parser.add_argument(
        "--library",
        type=Path,
        help="library folder (default: $EVIDENCE_DESK_LIBRARY or the user data folder)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    subparsers.required = True
    wanted = [COMMANDS[command]] if command in COMMANDS else list(dict.fromkeys(COMMANDS.values()))
    for module_name in wanted:
        importlib.import_module(f"{__name__}.{module_name}").register(subparsers)
    return parser


def _undecodable_text(args: argparse.Namespace) -> str | None:
    """A text argument holding bytes that are not UTF-8 (paths are allowed to), if any."""
    for value in vars(args).values():
        values = value if isinstance(value, list | tuple) else [value]
        for item in values:
            if isinstance(item, str) and not is_valid_utf8(item):
                return item
    return None


def _prestart_readers(args: argparse.Namespace, fresh_process: bool) -> None:
    """Start the import's extraction workers, and tell them the PDFs to read, before the
    database layer loads: they read while it loads and the library opens
    (``ingest.worker.prestart``). The import command's module loads neither."""
    if args.command != "import" or (args.workers is not None and args.workers < 1):
        return  # the command reports a bad --workers
    from ..config import default_library_path
    from ..core.ingest.worker import prestart

    prestart(
        args.workers,
        fresh_process=fresh_process,
        read_ahead=args.paths,
        library_root=args.library or default_library_path(),
        password=args.password,
    )


def main(argv: Sequence[str] | None = None, *, fresh_process: bool = False) -> int:
    """Run one command. ``fresh_process``: this process was started for it and has done
    nothing else yet (see ``run_program``)."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(command_name(arguments))
    try:
        args = parser.parse_args(arguments)
    except SystemExit as exit_request:  # --help, --version or a usage error (already printed)
        return int(exit_request.code or 0)
    undecodable = _undecodable_text(args)
    if undecodable is not None:
        print(
            f"evidence-desk: error: {escaped_text(undecodable)!r} is not valid UTF-8 text; "
            "type it again in UTF-8 (file and folder names may be anything)",
            file=sys.stderr,
        )
        return 2
    _prestart_readers(args, fresh_process)
    from .common import Context

    _start_up_over()
    context = Context(args.library)
    try:
        return int(args.handler(args, context) or 0)
    except OutputExistsError as error:
        print(f"evidence-desk: error: {error} (add --overwrite to replace it)", file=sys.stderr)
        return error.exit_code
    except EvidenceDeskError as error:
        print(f"evidence-desk: error: {error}", file=sys.stderr)
        return error.exit_code
    except BrokenPipeError:
        # The reader (``| head``) went away: not an error of ours.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("evidence-desk: interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # a bug: still one line, and a non-zero exit
        print(f"evidence-desk: internal error: {type(error).__name__}: {error}", file=sys.stderr)
        return 70
    finally:
        context.close()


def _start_up_over() -> None:
    """The command's modules are loaded: let the collector run again (see ``run_program``)."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def run_program(argv: Sequence[str] | None = None) -> int:
    """``main`` as the whole life of a process (the ``evidence-desk`` program), with the
    collector kept out of the way of start-up and exit. (A caller of ``main`` in a longer
    life, such as a test, keeps its collector as it is.)"""
    # Loading a command makes some 100,000 objects that live as long as the process
    # (modules, classes, mappers); the collector would walk them again and again, about a
    # tenth of a simple command's time. It stays off until the command's modules are
    # loaded (``_start_up_over``), and they are then frozen out of its way: the command's
    # own work runs with it on.
    gc.disable()
    code = main(argv, fresh_process=True)
    # Everything is written and the library closed. Python's last collection would walk
    # every object of every module loaded (about a quarter of a second with the database
    # layer, longer than many commands take): frozen, they are left to the process's end.
    gc.freeze()
    return code


def run() -> NoReturn:
    """The ``evidence-desk`` script."""
    sys.exit(run_program())


if __name__ == "__main__":
    run()
