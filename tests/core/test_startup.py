"""Start-up: a command imports only what it uses; the schema check needs no Alembic."""

from __future__ import annotations

import argparse
import ast
import importlib
import subprocess
import sys
from pathlib import Path

from evidence_desk.cli import COMMANDS, command_name
from evidence_desk.core.library import Library, head_revision

HEAVY = ("alembic", "docx", "pypdf", "PySide6", "reportlab", "rapidfuzz", "lxml")


def _modules_after(argv: list[str]) -> set[str]:
    script = (
        "import sys\n"
        "from evidence_desk.cli import main\n"
        f"code = main({argv!r})\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
        "sys.exit(code)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


def test_matter_list_imports_no_alembic_word_pdf_or_qt(library: Library) -> None:
    path = str(library.path)
    library.close()
    modules = _modules_after(["--library", path, "matter", "list"])
    assert "evidence_desk.core.matters" in modules
    loaded = sorted(name for name in modules if name.split(".")[0] in HEAVY)
    assert loaded == []
    others = {f"evidence_desk.cli.{name}" for name in set(COMMANDS.values())} - {
        "evidence_desk.cli.matter_commands"
    }
    assert not others & modules, "only the matter command's module is loaded"


def test_the_program_keeps_the_collector_off_only_while_a_command_loads(library: Library) -> None:
    """The program loads a command with the collector off, freezes what loading made and
    runs the command with the collector on; ``main`` called by a longer-lived caller leaves
    that caller's collector alone."""
    path = str(library.path)
    library.close()
    script = (
        "import gc, sys\n"
        "from evidence_desk.cli import common, main, run_program\n"
        "seen = []\n"
        "opening = common.Context.library\n"
        "def library(self, **options):\n"
        "    seen.append((gc.isenabled(), gc.get_freeze_count()))\n"
        "    return opening(self, **options)\n"
        "common.Context.library = library\n"
        f"assert main(['--library', {path!r}, 'matter', 'list']) == 0\n"
        "assert gc.isenabled() and gc.get_freeze_count() == 0\n"
        f"assert run_program(['--library', {path!r}, 'matter', 'list']) == 0\n"
        "print(seen, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    (by_main, by_program) = ast.literal_eval(result.stderr.strip().splitlines()[-1])
    assert by_main == (True, 0)
    enabled, frozen = by_program
    assert enabled
    assert frozen > 10_000, "the objects start-up made are frozen before the command runs"


def test_the_command_table_names_every_command_its_module_registers() -> None:
    registered: dict[str, str] = {}
    for module_name in dict.fromkeys(COMMANDS.values()):
        parser = argparse.ArgumentParser()
        subparsers = parser.add_subparsers()
        importlib.import_module(f"evidence_desk.cli.{module_name}").register(subparsers)
        registered.update(dict.fromkeys(subparsers.choices, module_name))
    assert registered == COMMANDS


def test_the_command_word_is_found_after_global_options() -> None:
    assert command_name(["--library", "/x/matter", "search", "matter"]) == "search"
    assert command_name(["--library=/x", "matter", "list"]) == "matter"
    assert command_name(["--help"]) is None


def test_the_head_revision_is_read_without_alembic_and_agrees_with_it() -> None:
    from alembic.script import ScriptDirectory

    from evidence_desk.core.library import alembic_config

    assert head_revision() == ScriptDirectory.from_config(alembic_config(None)).get_current_head()
    versions = Path(__file__).resolve().parents[2] / "evidence_desk/core/migrations/versions"
    assert head_revision() in "".join(path.name for path in versions.glob("*.py"))
