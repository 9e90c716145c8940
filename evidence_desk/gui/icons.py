"""Action icons and the application icon, by one short name.

``icon("import")`` returns the desktop theme's icon when the platform has one (a Linux
desktop with a freedesktop icon theme) and the bundled SVG from ``resources/icons/actions``
otherwise (Windows, macOS, bare desktops, the offscreen platform). Bundled icons are drawn
in the palette's text colour, so they stay visible on a dark theme; one accent colour marks
the part that says what the action does.

Freedesktop names ("document-import", "edit-undo", ...) are accepted too and map to the
same icon, so code written against the theme names keeps working.

A QGuiApplication must exist before the first call (pixmaps need one).
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from ..config import resource_path

logger = logging.getLogger(__name__)

# Our name -> freedesktop icon-naming-spec names to try first (empty: always bundled,
# because no standard name says "allegation" or "undercover officer").
THEME_NAMES: dict[str, tuple[str, ...]] = {
    "new-matter": ("folder-new",),
    "matter": (),
    "import": ("document-import",),
    "export": ("document-export",),
    "search": ("edit-find", "system-search"),
    "allegation": (),
    "officer": (),
    "merge": (),
    "patterns": (),
    "undo": ("edit-undo",),
    "redo": ("edit-redo",),
    "open-folder": ("folder-open", "document-open"),
    "tag": (),
    "cite": (),
    "document": ("text-x-generic",),
    "note": (),
    "zoom-in": ("zoom-in",),
    "zoom-out": ("zoom-out",),
    "next-page": ("go-next-view-page", "go-next"),
    "previous-page": ("go-previous-view-page", "go-previous"),
    "lock": (),
    "warning": ("dialog-warning",),
    "add": ("list-add",),
    "delete": ("edit-delete",),
    "edit": ("document-edit",),
    "clear": ("edit-clear",),
    "verify": (),
    "backup": (),
    "refresh": ("view-refresh",),
}

# Freedesktop names callers may use instead of ours.
_ALIASES: dict[str, str] = {
    theme_name: name for name, theme_names in THEME_NAMES.items() for theme_name in theme_names
}
_ALIASES.update(
    {
        "document-open": "open-folder",
        "document-new": "new-matter",
        "go-next": "next-page",
        "go-previous": "previous-page",
        "go-down": "next-page",
        "go-up": "previous-page",
        "system-lock-screen": "lock",
        "emblem-readonly": "lock",
        "view-filter": "patterns",
        "insert-link": "cite",
    }
)

ICON_NAMES: tuple[str, ...] = tuple(THEME_NAMES)
_PIXMAP_SIZES = (16, 20, 24, 32, 48, 64)
_prefer_bundled = False


def bundled_icon_path(name: str) -> Path:
    """The SVG file of one of our action icons (``name`` from ``ICON_NAMES``)."""
    return resource_path("icons", "actions", f"{name}.svg")


def application_icon_path() -> Path:
    """The application icon's SVG source."""
    return resource_path("icons", "app", "evidence-desk.svg")


def set_prefer_bundled(prefer: bool) -> None:
    """Use the bundled icons even where the desktop theme has its own (consistent look)."""
    global _prefer_bundled
    _prefer_bundled = prefer


def _canonical(name: str) -> str | None:
    if name in THEME_NAMES:
        return name
    return _ALIASES.get(name)


def _text_colour() -> str:
    app = QGuiApplication.instance()
    if app is None:
        return "#2e3440"
    return QGuiApplication.palette().color(QPalette.ColorRole.WindowText).name()


@cache
def _bundled(name: str, colour: str) -> QIcon:
    """Our SVG drawn at the usual sizes in ``colour`` (Qt derives disabled/selected looks)."""
    svg = bundled_icon_path(name).read_text(encoding="utf-8").replace("currentColor", colour)
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    result = QIcon()
    if not renderer.isValid():
        logger.warning("bundled icon %s is not a valid SVG", name)
        return result
    for size in _PIXMAP_SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        result.addPixmap(pixmap)
    return result


@cache
def _warn_unknown(name: str) -> None:
    logger.warning("no icon named %r; using the desktop theme's, if any", name)


def icon(name: str) -> QIcon:
    """The icon for an action: the theme's where the platform has one, else ours."""
    canonical = _canonical(name)
    if canonical is None:
        _warn_unknown(name)
        return QIcon.fromTheme(name)
    if not _prefer_bundled:
        for theme_name in THEME_NAMES[canonical]:
            if QIcon.hasThemeIcon(theme_name):
                return QIcon.fromTheme(theme_name)
    return _bundled(canonical, _text_colour())


@cache
def application_icon() -> QIcon:
    """The window and task-bar icon: pre-rendered PNGs where present, plus the SVG."""
    result = QIcon()
    png_folder = resource_path("icons", "app")
    for png in sorted(png_folder.glob("evidence-desk-*.png")):
        result.addFile(str(png))
    svg = application_icon_path()
    if svg.is_file():
        result.addFile(str(svg))
    return result
