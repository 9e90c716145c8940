"""What anchors the audit chain outside the database: a sealing key and recorded heads.

The chain itself is plain SHA-256: anyone who can edit the database can also recompute
it. Two things kept elsewhere make that show:

- **Seals.** Each new event carries ``HMAC-SHA256(key, event hash)`` and the key's id. The
  key is made once per library on each computer and kept in the user's configuration
  folder (owner-only), never in the library or its backups. Rewriting history then needs
  that file too. A computer without the key (the library was made or restored elsewhere,
  or the file was deleted) cannot check those seals: ``verify`` says so, and seals the
  events it writes itself with a key of its own.
- **Anchors.** An anchor names the newest event at some moment: its id and hash. This
  computer records one after every change (the *head*), every backup carries one, and
  ``evidence-desk audit anchor`` prints one to keep on paper or elsewhere. Events cannot
  be taken off the end of the log, or history rewritten before an anchor, without the
  anchor noticing.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import uuid
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from ..config import config_folder
from .errors import ValidationError
from .model import utc_now

KEY_FOLDER = "audit-keys"
ANCHOR_PREFIX = "evidence-desk-anchor"
_ANCHOR_LINE = re.compile(
    rf"{ANCHOR_PREFIX} library=(?P<library>[0-9a-f-]+) event=(?P<event>\d+) "
    r"hash=(?P<hash>[0-9a-f]{64}) at=(?P<at>\S+)"
)


@dataclass(frozen=True, slots=True)
class AuditKey:
    """The secret that seals a library's events on this computer."""

    key_id: str
    secret: bytes

    def seal(self, event_hash: str) -> str:
        return hmac.new(self.secret, event_hash.encode("ascii"), hashlib.sha256).hexdigest()

    def verifies(self, event_hash: str, seal: str) -> bool:
        return hmac.compare_digest(self.seal(event_hash), seal)


@dataclass(frozen=True, slots=True)
class Anchor:
    """The newest event of a library's audit log at some moment."""

    library_id: str
    event_id: int
    hash: str
    at: datetime  # naive UTC, to the second (as printed)

    def __post_init__(self) -> None:
        object.__setattr__(self, "at", self.at.replace(microsecond=0))

    def line(self) -> str:
        """One line to print or keep: everything needed to check the log against it."""
        return (
            f"{ANCHOR_PREFIX} library={self.library_id} event={self.event_id} "
            f"hash={self.hash} at={self.at.isoformat(timespec='seconds')}Z"
        )

    def as_json(self) -> dict[str, object]:
        return {**asdict(self), "at": self.at.isoformat(timespec="seconds") + "Z"}


def parse_anchors(text: str) -> list[Anchor]:
    """Every anchor line in ``text`` (a printed anchor, a file of them, a manifest)."""
    anchors = []
    for match in _ANCHOR_LINE.finditer(text):
        try:
            at = datetime.fromisoformat(match["at"].removesuffix("Z"))
        except ValueError:
            continue
        anchors.append(Anchor(match["library"], int(match["event"]), match["hash"], at))
    return anchors


def _key_folder() -> Path:
    return config_folder() / KEY_FOLDER


def _library_key(library_id: str) -> str:
    try:
        return str(uuid.UUID(library_id))
    except ValueError:
        raise ValidationError(f"{library_id!r} is not a library id") from None


def _write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` owner-only and atomically."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def key_path(library_id: str) -> Path:
    return _key_folder() / f"{_library_key(library_id)}.key"


def load_key(library_id: str) -> AuditKey | None:
    """This computer's key for the library, or None when it has none."""
    try:
        secret = bytes.fromhex(key_path(library_id).read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None
    if len(secret) < 32:
        return None
    return AuditKey(hashlib.sha256(secret).hexdigest()[:16], secret)


def load_or_create_key(library_id: str) -> AuditKey:
    """This computer's key for the library, made (once) when it has none."""
    key = load_key(library_id)
    if key is not None:
        return key
    _write_private(key_path(library_id), secrets.token_hex(32) + "\n")
    created = load_key(library_id)
    assert created is not None
    return created


def _head_path(library_id: str, library_path: Path) -> Path:
    """Heads are kept per library folder: a restored copy elsewhere starts its own."""
    folder = hashlib.sha256(os.fsencode(library_path)).hexdigest()[:16]
    return _key_folder() / f"{_library_key(library_id)}-{folder}.head"


def record_head(library_id: str, library_path: Path, event_id: int, event_hash: str) -> None:
    """Remember the newest event this computer wrote to the library."""
    anchor = Anchor(library_id, event_id, event_hash, utc_now())
    _write_private(_head_path(library_id, library_path), json.dumps(anchor.as_json()) + "\n")


def load_head(library_id: str, library_path: Path) -> Anchor | None:
    """The newest event this computer recorded for the library folder, if any."""
    try:
        data = json.loads(_head_path(library_id, library_path).read_text(encoding="utf-8"))
        return Anchor(
            str(data["library_id"]),
            int(data["event_id"]),
            str(data["hash"]),
            datetime.fromisoformat(str(data["at"]).removesuffix("Z")),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
