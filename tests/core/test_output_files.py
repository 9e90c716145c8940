"""No file is ever overwritten without asking, and nothing is written inside the library's
own folders: memos, spreadsheets and backups, from the core and the command line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from evidence_desk.cli import main
from evidence_desk.core.backup import backup_library
from evidence_desk.core.errors import OutputExistsError, ValidationError
from evidence_desk.core.export_csv import export_allegations_csv
from evidence_desk.core.library import Library
from evidence_desk.core.memo import MemoOptions, export_memo
from evidence_desk.core.output_files import LibraryPlace, output_file
from evidence_desk.core.patterns import PatternFilter

from .memo_data import Scenario, build_scenario

pytestmark = pytest.mark.databases

EDITED = b"a memo the attorney edited in Word"


@pytest.fixture
def scenario(library: Library) -> Scenario:
    return build_scenario(library)


def run(capsys: pytest.CaptureFixture[str], library: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--library", str(library), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.startswith("."))


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    library: Library, tmp_path: Path
) -> None:
    out = tmp_path / "memo.docx"
    out.write_bytes(EDITED)
    with pytest.raises(RuntimeError), output_file(out, library, overwrite=True) as written:
        written.write_bytes(b"half a memo")
        raise RuntimeError("the writer failed")
    assert out.read_bytes() == EDITED and leftovers(tmp_path) == []
    with output_file(out, library, overwrite=True) as written:
        assert written.parent == out.parent and written != out
        written.write_bytes(b"new memo")
    assert out.read_bytes() == b"new memo" and leftovers(tmp_path) == []


def test_a_file_that_appears_while_writing_is_not_replaced(
    library: Library, tmp_path: Path
) -> None:
    out = tmp_path / "report.csv"
    with pytest.raises(OutputExistsError), output_file(out, library) as written:
        written.write_bytes(b"ours")
        out.write_bytes(EDITED)  # another program saved a file of that name meanwhile
    assert out.read_bytes() == EDITED and leftovers(tmp_path) == []


def test_existing_files_are_refused_unless_overwrite(scenario: Scenario, tmp_path: Path) -> None:
    library = scenario.library
    memo, table = tmp_path / "memo.docx", tmp_path / "allegations.csv"
    for path in (memo, table):
        path.write_bytes(EDITED)
    options = MemoOptions(kind="internal", criteria=PatternFilter(min_matters=1))
    with pytest.raises(OutputExistsError, match=r"memo\.docx already exists"):
        export_memo(library, options, memo)
    with pytest.raises(OutputExistsError, match=r"allegations\.csv already exists"):
        export_allegations_csv(library, table)
    assert memo.read_bytes() == table.read_bytes() == EDITED
    export_memo(library, options, memo, overwrite=True)
    assert export_allegations_csv(library, table, overwrite=True) > 0
    assert memo.read_bytes()[:2] == b"PK" and table.read_bytes() != EDITED
    assert leftovers(tmp_path) == []


def test_nothing_is_written_inside_the_library_except_its_exports_and_backups(
    scenario: Scenario,
) -> None:
    library = scenario.library
    rivera = scenario.matters["rivera"]
    matter_folder = library.matter_folder(rivera.folder_key)
    [original] = sorted((matter_folder / "documents").iterdir())[:1]
    kept = original.read_bytes()
    options = MemoOptions(kind="internal", criteria=PatternFilter(min_matters=1))
    (library.path / "backups").mkdir(exist_ok=True)
    for target in (
        matter_folder / "documents" / "new.docx",
        matter_folder / "new.docx",
        library.path / "evidence.docx",
        library.path / "backups" / "memo.docx",
    ):
        with pytest.raises(ValidationError, match=r"will not write .* inside the library"):
            export_memo(library, options, target, overwrite=True)
    assert original.read_bytes() == kept
    with pytest.raises(ValidationError, match="inside the library"):
        export_allegations_csv(library, original, overwrite=True)
    # A matter's exports folder takes exports, the backups folder takes backups.
    exports = library.ensure_matter_folders(rivera.folder_key) / "exports"
    exports.mkdir(exist_ok=True)
    assert export_memo(library, options, exports / "memo.docx").path.is_file()
    with output_file(library.path / "backups" / "b.zip", library, place=LibraryPlace.BACKUPS):
        pass
    if library.is_embedded:  # an office library is backed up with the server's tools
        with pytest.raises(ValidationError, match="inside the library"):
            backup_library(library, matter_folder / "exports" / "backup.zip")
        assert backup_library(library, library.path / "backups" / "nightly.zip").is_file()


def test_the_command_line_refuses_an_existing_out_unless_overwrite(
    scenario: Scenario, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library = scenario.library
    path, embedded = library.path, library.is_embedded
    documents = library.matter_folder(scenario.matters["rivera"].folder_key) / "documents"
    original = sorted(documents.iterdir())[0]
    kept = original.read_bytes()
    library.close()
    memo, table, backup = tmp_path / "memo.docx", tmp_path / "all.csv", tmp_path / "b.zip"
    commands = {
        memo: ["export", "memo", "--kind", "internal", "--min-matters", "1", "--out", str(memo)],
        table: ["export", "csv", "--out", str(table)],
    }
    for out, command in commands.items():
        out.write_bytes(EDITED)
        code, _out, err = run(capsys, path, *command)
        assert code == 1 and out.read_bytes() == EDITED
        assert err.count("\n") == 1 and "already exists" in err and "--overwrite" in err
        code, _out, err = run(capsys, path, *command, "--overwrite")
        assert code == 0, err
        assert out.read_bytes() != EDITED
    if embedded:  # an office library is backed up with the server's tools
        backup.write_bytes(EDITED)  # a backup never replaces a file, whatever is asked
        code, _out, err = run(capsys, path, "backup", str(backup))
        assert code == 1 and "already exists" in err and backup.read_bytes() == EDITED
    into_evidence = ["export", "csv", "--out", str(original), "--overwrite"]
    code, _out, err = run(capsys, path, *into_evidence)
    assert code == 1 and "inside the library" in err
    assert original.read_bytes() == kept
    code, out, _err = run(capsys, path, "export", "memo", "--help")
    assert "--overwrite" in out
    assert leftovers(tmp_path) == []
    assert not [name for name in os.listdir(documents) if name.startswith(".")]
