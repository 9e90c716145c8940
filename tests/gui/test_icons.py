"""Action icons: every name has a drawing, theme names map to ours, the app icon loads."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from evidence_desk.gui import icons

REQUIRED = (
    "new-matter", "import", "search", "allegation", "officer", "merge", "patterns", "export",
    "undo", "redo", "open-folder", "tag", "cite", "zoom-in", "zoom-out", "next-page",
    "previous-page", "note", "lock", "warning",
)  # fmt: skip


def test_every_name_has_a_bundled_drawing(qapp: QApplication) -> None:
    assert set(REQUIRED) <= set(icons.ICON_NAMES)
    folder = icons.bundled_icon_path("search").parent
    assert sorted(path.stem for path in folder.glob("*.svg")) == sorted(icons.ICON_NAMES)
    icons.set_prefer_bundled(True)
    try:
        for name in icons.ICON_NAMES:
            icon = icons.icon(name)
            assert not icon.isNull(), name
            assert icon.pixmap(24, 24).width() == 24
    finally:
        icons.set_prefer_bundled(False)


def test_bundled_icons_are_drawn_in_the_palette_text_colour(qapp: QApplication) -> None:
    icons.set_prefer_bundled(True)
    try:
        image: QImage = icons.icon("add").pixmap(48, 48).toImage()
    finally:
        icons.set_prefer_bundled(False)
    text = qapp.palette().windowText().color()
    centre = QColor(image.pixel(24, 24))
    assert (centre.red(), centre.green(), centre.blue()) == (text.red(), text.green(), text.blue())
    assert QColor.fromRgba(image.pixel(2, 2)).alpha() == 0  # transparent around the drawing


def test_freedesktop_names_map_to_the_same_icons(qapp: QApplication) -> None:
    icons.set_prefer_bundled(True)
    try:
        for theme_name, ours in (("document-import", "import"), ("edit-undo", "undo")):
            mine = icons.icon(ours).pixmap(24, 24).toImage()
            assert icons.icon(theme_name).pixmap(24, 24).toImage() == mine
    finally:
        icons.set_prefer_bundled(False)


def test_unknown_names_fall_back_to_the_theme_without_failing(qapp: QApplication) -> None:
    assert icons.icon("no-such-icon-anywhere").isNull()


def test_application_icon_has_every_size(qapp: QApplication) -> None:
    app_icon = icons.application_icon()
    sizes = {size.width() for size in app_icon.availableSizes()}
    assert {16, 32, 48, 256} <= sizes
    assert Path(icons.application_icon_path()).is_file()
