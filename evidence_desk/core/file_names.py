"""Names of stored originals: readable, portable, and never mistaken for the program's own.

A file name arrives as the operating system gives it: on Linux any bytes (Python hands
undecodable ones over as surrogates), possibly with characters Windows cannot store, a
trailing dot Windows drops, or a leading dot that hides it. An original is stored under a
name every platform and every backup can hold, and a name that starts like an import's
temporary copy (``.importing-``) can never be confused with one. What the file was really
called is kept beside it: ``readable_name`` for people, ``escaped_text`` with the original
bytes written as ``\\xNN`` escapes.
"""

from __future__ import annotations

import os
import re
import unicodedata

_WINDOWS_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"com{number}" for number in range(1, 10)}
    | {f"lpt{number}" for number in range(1, 10)}
)
MAX_NAME_BYTES = 200  # well under every file system's 255, leaving room for " (2)"


def is_valid_utf8(text: str) -> bool:
    """False when ``text`` holds bytes the operating system could not decode."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def readable_name(text: str) -> str:
    """``text`` with undecodable bytes shown as U+FFFD, safe to store, print and send as JSON."""
    if is_valid_utf8(text):
        return text
    return os.fsencode(text).decode("utf-8", "replace")


def escaped_text(text: str) -> str:
    """``text`` with undecodable bytes written as ``\\xNN``, so the original bytes are kept."""
    if is_valid_utf8(text):
        return text
    return os.fsencode(text).decode("utf-8", "backslashreplace")


def stored_name_for(name: str) -> str:
    """A portable name for a stored original, as close to ``name`` as the rules allow."""
    candidate = unicodedata.normalize("NFC", readable_name(name))
    candidate = _WINDOWS_FORBIDDEN.sub("_", candidate)
    candidate = candidate.strip(" ").rstrip(".")  # Windows drops trailing dots and spaces
    candidate = candidate.lstrip(".")  # never hidden, never like a temporary copy
    stem, suffix = os.path.splitext(candidate)
    if len(suffix) > 20:  # not a real extension
        stem, suffix = candidate, ""
    if stem.lower() in _WINDOWS_RESERVED:
        stem += "_"
    while len((stem + suffix).encode("utf-8")) > MAX_NAME_BYTES and stem:
        stem = stem[:-1]
    candidate = (stem + suffix).strip()
    return candidate if candidate.strip("._ ") else f"document{suffix}"
