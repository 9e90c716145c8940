"""The core and the CLI must work where PySide6 cannot be imported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BLOCK_QT = """
import importlib.abc, sys
class BlockQt(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in {'PySide6', 'shiboken6'}:
            raise ImportError(f'{name} is blocked for this test')
        return None
sys.meta_path.insert(0, BlockQt())
"""


def test_core_and_cli_import_and_run_without_qt(tmp_path: Path) -> None:
    script = (
        BLOCK_QT
        + f"""
import pkgutil, importlib
import evidence_desk.core as core
for module in pkgutil.walk_packages(core.__path__, 'evidence_desk.core.'):
    if '.migrations.' in module.name:
        continue  # Alembic scripts run only inside a migration
    importlib.import_module(module.name)
from evidence_desk import cli
code = cli.main(['--library', {str(tmp_path / "lib")!r}, 'init'])
code += cli.main(['--library', {str(tmp_path / "lib")!r}, 'taxonomy', 'list', '--json'])
assert 'PySide6' not in sys.modules
sys.exit(code)
"""
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "UC.EXPOSURE" in result.stdout


def test_no_core_file_imports_qt() -> None:
    core = Path(__file__).resolve().parents[2] / "evidence_desk" / "core"
    offenders = [
        str(path)
        for path in core.rglob("*.py")
        if any(
            line.lstrip().startswith(("import PySide6", "from PySide6", "import shiboken6"))
            for line in path.read_text(encoding="utf-8").splitlines()
        )
    ]
    assert offenders == []
