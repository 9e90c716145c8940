"""Which files an import reads, found without the database layer.

The ``import`` command asks before it loads that layer, so that its workers can start
reading them (``worker.HeadStart``); the import itself asks again, in the same order.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from ..errors import ValidationError
from .extraction import kind_for

# Files that operating systems leave in folders; they are not evidence.
SKIPPED_NAMES = frozenset({".ds_store", "thumbs.db", "desktop.ini"})


class CollectedFiles(NamedTuple):
    """The files to import, and the links found in imported folders (never followed)."""

    files: list[Path]
    links: list[Path]


def collect_files(
    paths: Sequence[Path | str], *, library_root: Path | None = None
) -> CollectedFiles:
    """The files named, and every file under the folders named, in a stable order.

    The library's own folder is never imported from: a folder that contains it is walked
    around it, and a path inside it is refused. A symbolic link met inside a folder (to a
    file or a folder) is not followed, so nothing outside the folder is read through it; a
    path named explicitly is taken as named.
    """
    files: list[Path] = []
    links: list[Path] = []
    root = library_root.resolve() if library_root is not None else None
    for given in paths:
        path = Path(given).expanduser()
        if root is not None and path.resolve().is_relative_to(root):
            raise ValidationError(f"{path} is inside the library; import from outside it")
        if path.is_dir():
            for folder, subfolders, names in os.walk(path):
                if root is not None:
                    subfolders[:] = [
                        name for name in subfolders if (Path(folder) / name).resolve() != root
                    ]
                links.extend(
                    Path(folder) / name
                    for name in sorted(subfolders)
                    if (Path(folder) / name).is_symlink()
                )
                subfolders[:] = sorted(
                    name for name in subfolders if not (Path(folder) / name).is_symlink()
                )
                for name in sorted(names):
                    if name.lower() in SKIPPED_NAMES or name.startswith("~$"):
                        continue
                    candidate = Path(folder) / name
                    if candidate.is_symlink():
                        links.append(candidate)
                    elif candidate.is_file():
                        files.append(candidate)
        elif path.is_file():
            files.append(path)
        elif path.exists():
            raise ValidationError(f"{path} is neither a file nor a folder")
        else:
            raise ValidationError(f"{path} does not exist")
    seen: set[Path] = set()
    unique = []
    for file in files:
        resolved = file.resolve()
        if resolved not in seen:
            seen.add(resolved)
            unique.append(resolved)
    return CollectedFiles(unique, links)


def file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def read_ahead_order(
    paths: Sequence[Path | str], *, library_root: Path | None, limit: int
) -> list[str]:
    """The PDFs an import of ``paths`` will read, in its order (largest first), up to
    ``limit`` bytes each; none when the import will refuse the paths."""
    try:
        files = collect_files(paths, library_root=library_root).files
    except (ValidationError, OSError):
        return []
    sized = [(file_size(path), path) for path in files if kind_for(path) == "pdf"]
    sized.sort(key=lambda item: -item[0])  # stable: as the import sorts its tasks
    return [str(path) for size, path in sized if 0 < size <= limit]
