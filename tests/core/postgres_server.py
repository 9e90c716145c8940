"""A throwaway PostgreSQL server on a loopback port, for office-mode tests.

``initdb`` refuses to run as root, so when the tests run as root the server runs as the
``postgres`` system user in a temporary folder that user owns.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BIN_CANDIDATES = [Path("/usr/lib/postgresql") / version / "bin" for version in ("17", "16", "15")]


def postgres_bin() -> Path | None:
    for folder in BIN_CANDIDATES:
        if (folder / "initdb").exists():
            return folder
    found = shutil.which("initdb")
    return Path(found).resolve().parent if found else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_postgres() -> Iterator[str]:
    """Start a server, yield a SQLAlchemy URL of an empty database, stop and delete it."""
    binaries = postgres_bin()
    if binaries is None:
        raise RuntimeError("PostgreSQL server binaries are not installed")
    as_root = os.geteuid() == 0
    prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
    folder = Path(tempfile.mkdtemp(prefix="evidence-desk-pg-"))
    data = folder / "data"
    if as_root:
        shutil.chown(folder, "postgres", "postgres")
    port = _free_port()

    def run(*command: str) -> None:
        subprocess.run([*prefix, *command], check=True, capture_output=True, cwd=folder)

    try:
        run(
            str(binaries / "initdb"),
            "-D",
            str(data),
            "-U",
            "evidence",
            "--auth=trust",
            "-E",
            "UTF8",
        )
        run(
            str(binaries / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(folder / "server.log"),
            "-w",
            "-o",
            f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off",
            "start",
        )
        try:
            run(
                str(binaries / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-U",
                "evidence",
                "office",
            )
            yield f"postgresql+psycopg://evidence@127.0.0.1:{port}/office"
        finally:
            subprocess.run(
                [*prefix, str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                capture_output=True,
                cwd=folder,
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
