"""Where things live: the default library folder, the user's name and bundled resources.

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
    candidates = []
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        candidates.append(Path(frozen_root) / "resources")
    package_dir = Path(__file__).resolve().parent
    candidates.append(package_dir / "resources")  # installed wheel
    candidates.append(package_dir.parent / "resources")  # source checkout
    for root in candidates:
        path = root.joinpath(*parts)
        if path.exists():
            return path
    return candidates[-1].joinpath(*parts)
