"""Where things live: the default library folder, the user's name, bundled resources and
the user guide.

One function finds resources both in a source checkout, in an installed wheel and in a
frozen (PyInstaller) bundle, so nothing else needs to know how the program was started.
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "Evidence Desk"
APP_ID = "evidence-desk"
LIBRARY_ENV = "EVIDENCE_DESK_LIBRARY"
USER_ENV = "EVIDENCE_DESK_USER"
CONFIG_ENV = "EVIDENCE_DESK_CONFIG"


def default_library_path() -> Path:
    """The library used when none is named: ``$EVIDENCE_DESK_LIBRARY`` or the user data folder."""
    configured = os.environ.get(LIBRARY_ENV)
    if configured:
        return Path(configured).expanduser()
    return Path(platformdirs.user_data_dir(APP_ID, appauthor=False)) / "library"


def config_folder() -> Path:
    """This user's own settings folder (audit keys live here): ``$EVIDENCE_DESK_CONFIG`` or
    the platform's user configuration folder. Never inside a library or its backups."""
    configured = os.environ.get(CONFIG_ENV)
    if configured:
        return Path(configured).expanduser()
    return Path(platformdirs.user_config_dir(APP_ID, appauthor=False))


def current_user() -> str:
    """The name written into the audit log: ``$EVIDENCE_DESK_USER`` or the login name."""
    configured = os.environ.get(USER_ENV)
    if configured:
        return configured
    try:
        return getpass.getuser()
    except Exception:  # no login name in some sandboxes and services
        return "unknown"


def resource_path(*parts: str) -> Path:
    """Path of a bundled resource (taxonomy, templates, icons), however the program runs."""
    return _shipped_path("resources", *parts)


def docs_path(*parts: str) -> Path:
    """Path in the user guide (docs/: Markdown pages and their pictures)."""
    return _shipped_path("docs", *parts)


def _shipped_path(folder: str, *parts: str) -> Path:
    """A folder shipped with the program: in a frozen bundle, beside the package of an
    installed wheel, or at the top of a source checkout."""
    candidates = []
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        candidates.append(Path(frozen_root) / folder)
    package_dir = Path(__file__).resolve().parent
    candidates.append(package_dir / folder)  # installed wheel
    candidates.append(package_dir.parent / folder)  # source checkout
    for root in candidates:
        path = root.joinpath(*parts)
        if path.exists():
            return path
    return candidates[-1].joinpath(*parts)
