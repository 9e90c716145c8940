"""A throwaway PostgreSQL server on a loopback port, for office-mode tests and benchmarks.

``initdb`` refuses to run as root, so when the tests run as root the server runs as the
``postgres`` system user in a temporary folder that user owns. The cluster's superuser is
``evidence``; every role may log in without a password (``trust``, loopback only), so that
tests can connect as any person the way libpq would pick them.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

BIN_CANDIDATES = [Path("/usr/lib/postgresql") / version / "bin" for version in ("17", "16", "15")]
SUPERUSER = "evidence"
REQUIRE_ENV = "EVIDENCE_DESK_REQUIRE_POSTGRES"  # set (CI): a server that cannot start fails


def postgres_bin() -> Path | None:
    for folder in BIN_CANDIDATES:
        if (folder / "initdb").exists():
            return folder
    found = shutil.which("initdb")
    return Path(found).resolve().parent if found else None


def postgres_required() -> bool:
    return os.environ.get(REQUIRE_ENV, "") not in ("", "0")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class PostgresCluster:
    """A running server: where it listens, and a superuser connection for setting up."""

    host: str
    port: int
    folder: Path

    def url(self, database: str, role: str = SUPERUSER) -> str:
        return f"postgresql+psycopg://{role}@{self.host}:{self.port}/{database}"

    def execute(self, *statements: str, database: str = "postgres") -> None:
        """Run statements as the superuser, outside a transaction (CREATE DATABASE...)."""
        import psycopg

        with psycopg.connect(
            host=self.host, port=self.port, user=SUPERUSER, dbname=database, autocommit=True
        ) as connection:
            for statement in statements:
                connection.execute(statement)  # type: ignore[arg-type]

    def create_role(self, name: str, *options: str) -> None:
        self.execute(f'CREATE ROLE "{name}" {" ".join(options) or "LOGIN"}')

    def create_database(self, name: str, *, owner: str = SUPERUSER, template: str = "") -> None:
        clause = f' TEMPLATE "{template}"' if template else ""
        self.execute(f'CREATE DATABASE "{name}" OWNER "{owner}"{clause}')

    def drop_database(self, name: str) -> None:
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop_server(self) -> None:
        """Stop the server (to test a lost connection); ``start_server`` brings it back."""
        _pg_ctl(self.folder, "stop", "-m", "immediate")

    def start_server(self) -> None:
        _pg_ctl(self.folder, "start", "-o", _server_options(self.port, self.folder))


def _prefix() -> list[str]:
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def _server_options(port: int, folder: Path) -> str:
    return (
        f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    )


def _pg_ctl(folder: Path, action: str, *options: str) -> None:
    binaries = postgres_bin()
    assert binaries is not None
    command = [*_prefix(), str(binaries / "pg_ctl"), "-D", str(folder / "data")]
    command += ["-l", str(folder / "server.log"), "-w", *options, action]
    subprocess.run(command, check=action != "stop", capture_output=True, cwd=folder)


@contextmanager
def running_cluster() -> Iterator[PostgresCluster]:
    """Start a server, yield it, stop it and delete its files."""
    binaries = postgres_bin()
    if binaries is None:
        raise RuntimeError(
            "the PostgreSQL server is not installed (bash installers/dev.sh test installs it)"
        )
    folder = Path(tempfile.mkdtemp(prefix="evidence-desk-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    port = _free_port()
    try:
        subprocess.run(
            [
                *_prefix(),
                str(binaries / "initdb"),
                "-D",
                str(folder / "data"),
                "-U",
                SUPERUSER,
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ],
            check=True,
            capture_output=True,
            cwd=folder,
        )
        _pg_ctl(folder, "start", "-o", _server_options(port, folder))
        try:
            yield PostgresCluster("127.0.0.1", port, folder)
        finally:
            _pg_ctl(folder, "stop", "-m", "immediate")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def running_postgres() -> Iterator[str]:
    """A server with one empty database ``office``: its superuser URL."""
    with running_cluster() as cluster:
        cluster.create_database("office")
        yield cluster.url("office")
