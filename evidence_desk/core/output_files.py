"""Writing a file the user asked for (memo, spreadsheet, backup) without ever losing one.

Every such file goes through ``output_file``:

- an existing file is refused unless the caller says to replace it (the command line's
  ``--overwrite``, the window's "Replace?" question): a memo someone has since edited in
  Word is never silently replaced by the next export;
- a path inside the library's own folders is refused always, whatever the caller says: the
  library keeps the stored originals and its database there. A matter's ``exports`` folder
  takes exports, and ``backups`` takes backups, because that is what they are for;
- the file appears at its name only once complete: it is written to a temporary file in
  the same folder and then renamed into place in one step, so a failed or cancelled export
  leaves whatever was there before exactly as it was.
"""

from __future__ import annotations

import enum
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import OutputExistsError, ValidationError
from .library import Library


class LibraryPlace(enum.Enum):
    """Where inside a library a kind of output may go."""

    EXPORTS = "exports"  # matters/<matter>/exports/
    BACKUPS = "backups"  # backups/


def check_output_path(
    out: Path | str,
    library: Library,
    *,
    overwrite: bool = False,
    place: LibraryPlace = LibraryPlace.EXPORTS,
) -> Path:
    """The absolute path ``out`` names, once it is safe to write; raises otherwise."""
    path = Path(out).expanduser()
    folder = path.parent
    if not folder.is_dir():
        raise ValidationError(f"cannot write {path}: the folder {folder} does not exist")
    target = folder.resolve() / path.name
    check_library_place(target, library, place)
    if target.is_dir():
        raise ValidationError(f"{target} is a folder; name the file to write")
    if target.exists() and not overwrite:
        raise OutputExistsError(target)
    return target


def is_inside_library(path: Path, library: Library) -> bool:
    """Whether ``path`` (which need not exist yet) lies in the library's folder."""
    return Path(path).expanduser().resolve().is_relative_to(library.path.resolve())


def check_library_place(target: Path, library: Library, place: LibraryPlace) -> None:
    """Refuse ``target`` inside the library's own folders, but for ``place``."""
    if not is_inside_library(target.parent, library):
        return  # the user's own folders
    inside = target.parent.relative_to(library.path.resolve()).parts
    if place is LibraryPlace.EXPORTS and len(inside) == 3 and inside[::2] == ("matters", "exports"):
        return
    if place is LibraryPlace.BACKUPS and inside == ("backups",):
        return
    allowed = "a matter's exports folder" if place is LibraryPlace.EXPORTS else "its backups folder"
    where = "/".join(inside) or "the library folder itself"
    raise ValidationError(
        f"will not write {target.name} inside the library ({where}): the library keeps its "
        f"evidence and data there; choose a folder outside it, or {allowed}"
    )


@contextmanager
def output_file(
    out: Path | str,
    library: Library,
    *,
    overwrite: bool = False,
    place: LibraryPlace = LibraryPlace.EXPORTS,
) -> Iterator[Path]:
    """Check ``out`` (see ``check_output_path``) and yield a temporary path beside it to write
    to; when the block ends without an error the temporary file becomes ``out``, otherwise
    it is removed and ``out`` is left as it was."""
    target = check_output_path(out, library, overwrite=overwrite, place=place)
    handle, temporary_name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".part", dir=target.parent
    )
    os.close(handle)
    temporary = Path(temporary_name)
    try:
        yield temporary
        _put_in_place(temporary, target, overwrite=overwrite)
    finally:
        temporary.unlink(missing_ok=True)


def _put_in_place(temporary: Path, target: Path, *, overwrite: bool) -> None:
    if overwrite:
        os.replace(temporary, target)
        return
    # A hard link never replaces a file that appeared while this one was being written;
    # a file system without hard links gets the check and the rename instead.
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise OutputExistsError(target) from None
    except OSError:
        if target.exists():
            raise OutputExistsError(target) from None
        os.replace(temporary, target)
