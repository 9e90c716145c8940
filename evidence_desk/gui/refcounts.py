"""Keep Python's singletons alive under PySide6 6.12 on Python 3.11.

PySide6 6.12.0 drops one reference to ``True``, ``False`` or ``None`` on several
hot paths (every ``Signal.emit`` from Python, every C++ signal delivered to a
Python slot, ``QTimer.singleShot`` with a bound method...). From Python 3.12 on
those singletons are immortal and the extra decrement is harmless; on 3.11 the
count reaches zero after some thousands of signals and the interpreter aborts
with "deallocating True or False". No PySide6-Pdf wheel exists for an older Qt,
so instead of pinning we give the three singletons a reference count so large
that no session can ever exhaust it, which is what 3.12 does by design.
"""

from __future__ import annotations

import ctypes
import sys

# 2**50 decrements at a million signals a second would take 35 years.
_RESERVE = 1 << 50
_done = False


def needs_reserve() -> bool:
    """True where the singletons are mortal (CPython before 3.12)."""
    return sys.implementation.name == "cpython" and sys.version_info < (3, 12)


def keep_singletons_alive() -> None:
    """Add the reserve to ``True``, ``False`` and ``None`` once per process."""
    global _done
    if _done or not needs_reserve():
        return
    for singleton in (True, False, None):
        # ob_refcnt is the first field of every CPython object header.
        refcount = ctypes.c_ssize_t.from_address(id(singleton))
        refcount.value += _RESERVE
    _done = True
