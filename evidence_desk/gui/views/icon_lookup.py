"""Icons by freedesktop name: the bundled set when the program ships one, else the theme's."""

from __future__ import annotations

from PySide6.QtGui import QIcon


def themed_icon(name: str) -> QIcon:
    try:
        from ..icons import icon  # bundled fallbacks, present in packaged builds
    except ImportError:
        return QIcon.fromTheme(name)
    return icon(name)
