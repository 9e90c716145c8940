"""Backups that say "written" restore and verify: odd names, imports, kills, crafted zips.

On SQLite only: backups zip the embedded library's database file (an office uses pg_dump).
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest

from evidence_desk.core import audit
from evidence_desk.core.backup import MANIFEST_NAME, backup_library, restore_library
from evidence_desk.core.errors import ValidationError
from evidence_desk.core.ingest.pipeline import import_paths
from evidence_desk.core.library import Library
from evidence_desk.core.matters import MatterInput, add_matter, find_matter
from evidence_desk.core.model import Document
from evidence_desk.core.records import MatterId
from tests.files import make_text

ODD_NAMES = (
    "Smith\\Jones statement.txt",
    ".importing-notes.txt",
    ".hidden report.txt",
    "Müller – déclaration 陳述.txt",
)


@pytest.fixture
def matter(library: Library) -> MatterId:
    return add_matter(library, MatterInput("2024-001", "People v. Doe", "Jane Doe")).id


def _store_under_name(library: Library, matter: MatterId, name: str, content: bytes) -> int:
    """A document stored under exactly ``name``, as older versions of the import did."""
    with library.write() as session:
        matter_row = find_matter(session, matter)
        folder = library.ensure_matter_folders(matter_row.folder_key) / "documents"
        (folder / name).write_bytes(content)
        document = Document(
            matter_id=matter_row.id,
            title=name,
            file_name=name,
            stored_path=f"matters/{matter_row.folder_key}/documents/{name}",
            sha256=hashlib.sha256(content).hexdigest(),
            size=len(content),
            kind="text",
            status="no_text",
            page_count=0,
            imported_by=library.user,
        )
        session.add(document)
        audit.record_create(session, document)
        return document.id


def _restored_ok(archive: Path, dest: Path) -> Library:
    folder, report = restore_library(archive, dest)
    assert report.ok, report.problems
    return Library.open(folder, readonly=True)


def test_stored_files_with_odd_names_are_backed_up_and_restored(
    library: Library, matter: MatterId, tmp_path: Path
) -> None:
    ids = {name: _store_under_name(library, matter, name, name.encode()) for name in ODD_NAMES}
    archive = backup_library(library, tmp_path / "odd.zip")
    restored = _restored_ok(archive, tmp_path / "restored")
    try:
        with restored.read() as session:
            for name, document_id in ids.items():
                stored = session.get(Document, document_id)
                assert stored is not None
                assert restored.stored_file(stored.stored_path).read_bytes() == name.encode()
    finally:
        restored.close()


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_a_backup_is_owner_only(library: Library, matter: MatterId, tmp_path: Path) -> None:
    archive = backup_library(library, tmp_path / "private.zip")
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600


def test_backups_taken_during_an_import_restore_whole(
    library: Library, matter: MatterId, tmp_path: Path
) -> None:
    folder = tmp_path / "production"
    sources = [
        make_text(folder / f"report-{index:03d}.txt", f"report {index}") for index in range(60)
    ]
    done = threading.Event()

    def run_import() -> None:
        try:
            import_paths(library, matter, [folder], workers=2)
        finally:
            done.set()

    importer = threading.Thread(target=run_import)
    importer.start()
    archives = []
    try:
        while not done.is_set() or not archives:
            archives.append(backup_library(library, tmp_path / f"during-{len(archives)}.zip"))
    finally:
        importer.join()
    assert len(archives) >= 2
    for index, archive in enumerate(archives):
        _restored_ok(archive, tmp_path / f"restored-{index}").close()
    assert len(sources) == 60


def test_a_backup_that_cannot_be_whole_is_refused(
    library: Library, matter: MatterId, tmp_path: Path
) -> None:
    document_id = _store_under_name(library, matter, "kept.txt", b"kept")
    with library.read() as session:
        stored = library.stored_file(session.get(Document, document_id).stored_path)
    stored.write_bytes(b"changed behind the program's back")
    with pytest.raises(ValidationError, match="SHA-256"):
        backup_library(library, tmp_path / "changed.zip")
    stored.unlink()
    with pytest.raises(ValidationError, match="missing"):
        backup_library(library, tmp_path / "missing.zip")
    assert not list(tmp_path.glob("*.zip*")) and not list(tmp_path.glob(".*"))
    assert not list((library.path / ".staging").iterdir())


def _run_until(command: list[str], ready: object, env: dict[str, str]) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None and not ready():  # type: ignore[operator]
        time.sleep(0.002)
    return process


def _big_library(library: Library, matter: MatterId, tmp_path: Path) -> None:
    for index in range(6):
        _store_under_name(library, matter, f"scan-{index}.bin", os.urandom(3_000_000))


def test_a_killed_backup_leaves_no_copy_anywhere(
    library: Library, matter: MatterId, tmp_path: Path
) -> None:
    _big_library(library, matter, tmp_path)
    path = library.path
    library.close()
    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    staging = path / ".staging"
    env = {**os.environ, "TMPDIR": str(system_temp)}
    process = _run_until(
        [
            sys.executable,
            "-m",
            "evidence_desk.cli",
            "--library",
            str(path),
            "backup",
            str(out / "b.zip"),
        ],
        lambda: staging.is_dir() and any(staging.iterdir()),
        env,
    )
    time.sleep(0.05)
    assert process.poll() is None, process.stderr.read() if process.stderr else ""
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert list(system_temp.iterdir()) == []
    leftovers = list(out.iterdir())
    if sys.platform.startswith("linux"):
        assert leftovers == []  # written unnamed: nothing to leave
    Library.open(path, readonly=True).close()  # the next start cleans up
    assert list(out.iterdir()) == []
    assert list(staging.iterdir()) == []


def test_a_killed_restore_leaves_no_half_library(
    library: Library, matter: MatterId, tmp_path: Path
) -> None:
    _big_library(library, matter, tmp_path)
    archive = backup_library(library, tmp_path / "big.zip")
    parent = tmp_path / "restores"
    parent.mkdir()
    process = _run_until(
        [sys.executable, "-m", "evidence_desk.cli", "restore", str(archive), str(parent / "lib")],
        lambda: any(item.is_dir() for item in parent.glob(".lib.restoring-*")),
        dict(os.environ),
    )
    assert process.poll() is None
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert not (parent / "lib").exists()
    _restored_ok(archive, parent / "lib").close()  # cleans what the killed one left
    assert sorted(item.name for item in parent.iterdir()) == ["lib"]


def _craft(source: Path, target: Path, change: object) -> Path:
    """A copy of a backup zip with its manifest and members changed by ``change``."""
    with zipfile.ZipFile(source) as zipped:
        members = {info.filename: zipped.read(info) for info in zipped.infolist()}
    manifest = json.loads(members.pop(MANIFEST_NAME))
    change(manifest, members)  # type: ignore[operator]
    with zipfile.ZipFile(target, "w") as zipped:
        for name, data in members.items():
            zipped.writestr(name, data)
        zipped.writestr(MANIFEST_NAME, json.dumps(manifest))
    return target


def _entry(name: str, data: bytes) -> dict[str, object]:
    return {"name": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def _add(name: str, data: bytes) -> object:
    def change(manifest: dict, members: dict) -> None:  # type: ignore[type-arg]
        members[name] = data
        manifest["files"].append(_entry(name, data))

    return change


def _duplicate(manifest: dict, members: dict) -> None:  # type: ignore[type-arg]
    manifest["files"].append(dict(manifest["files"][-1]))


def _understated(manifest: dict, members: dict) -> None:  # type: ignore[type-arg]
    name = "matters/2024-001/documents/huge.txt"
    members[name] = b"\0" * 5_000_000
    manifest["files"].append({"name": name, "size": 10, "sha256": "0" * 64})


def _garbage_database(manifest: dict, members: dict) -> None:  # type: ignore[type-arg]
    members["evidence.db"] = b"not a database " * 100
    for item in manifest["files"]:
        if item["name"] == "evidence.db":
            item.update(_entry("evidence.db", members["evidence.db"]))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_add("matters/../../escaped.txt", b"zip slip"), "unsafe path"),
        (_add("/tmp/absolute.txt", b"absolute"), "unsafe path"),
        (_add("library.json", b'{"database_url": "postgresql://evil"}'), "unsafe path"),
        (_add(".evidence-desk.lock", b"lock"), "unsafe path"),
        (_duplicate, "twice"),
        (_understated, "size"),
        (_garbage_database, "cannot be opened"),
    ],
)
def test_crafted_archives_restore_nothing(
    library: Library, matter: MatterId, tmp_path: Path, change: object, message: str
) -> None:
    _store_under_name(library, matter, "a.txt", b"a")
    archive = backup_library(library, tmp_path / "good.zip")
    crafted = _craft(archive, tmp_path / "crafted.zip", change)
    with pytest.raises(ValidationError, match=message):
        restore_library(crafted, tmp_path / "out" / "lib")
    out = tmp_path / "out"
    assert not out.exists() or list(out.iterdir()) == []
    assert not (tmp_path / "escaped.txt").exists()


def test_a_symlink_entry_is_restored_as_a_plain_file_or_refused(
    library: Library, matter: MatterId, tmp_path: Path
) -> None:
    _store_under_name(library, matter, "a.txt", b"a")
    archive = backup_library(library, tmp_path / "good.zip")
    crafted = tmp_path / "link.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(crafted, "w") as target:
        manifest = json.loads(source.read(MANIFEST_NAME))
        for info in source.infolist():
            if info.filename != MANIFEST_NAME:
                target.writestr(info, source.read(info))
        link = zipfile.ZipInfo("matters/2024-001/documents/passwd")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        target.writestr(link, "/etc/passwd")
        manifest["files"].append(_entry(link.filename, b"/etc/passwd"))
        target.writestr(MANIFEST_NAME, json.dumps(manifest))
    folder, _report = restore_library(crafted, tmp_path / "restored")
    restored = folder / "matters" / "2024-001" / "documents" / "passwd"
    assert not restored.is_symlink() and restored.read_bytes() == b"/etc/passwd"
