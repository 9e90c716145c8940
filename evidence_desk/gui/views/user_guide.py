"""Help ▸ User guide: the pages of docs/ rendered in the program, offline.

The guide is the same Markdown the repository shows (docs/, one page per task). A
``QTextBrowser`` renders it; links between pages stay in the window, with Back, Forward
and Contents; pictures are scaled down to the width of the window; a link that leads
outside the guide (a web address, a source file) is not followed. The pages are found in
a source checkout, an installed wheel and a frozen bundle alike (``config.docs_path``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import QImage, QKeySequence, QResizeEvent, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...config import APP_NAME, docs_path

CONTENTS_PAGE = "index.md"
IMAGE_MARGIN = 32  # room for the scroll bar and the page margins beside a picture


class GuideBrowser(QTextBrowser):
    """Renders the guide's Markdown; keeps navigation inside the guide folder."""

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folder = folder.resolve()
        self.setAccessibleName("User guide page")
        self.setOpenLinks(False)  # links are checked first (_follow)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._follow)
        self._width_when_laid_out = 0
        self.refused: QUrl | None = None  # the last link that led outside the guide

    def show_page(self, name: str) -> bool:
        """Show ``name`` (a page of the guide, optionally with "#anchor")."""
        page, _hash, anchor = name.partition("#")
        path = (self.folder / page).resolve()
        if not path.is_file() or not path.is_relative_to(self.folder):
            return False
        url = QUrl.fromLocalFile(str(path))
        if anchor:
            url.setFragment(anchor)
        self.setSource(url, QTextDocument.ResourceType.MarkdownResource)
        return True

    def current_page(self) -> str:
        local = Path(self.source().toLocalFile())
        return local.name if local.name else ""

    def _follow(self, url: QUrl) -> None:
        if url.isRelative() or url.isLocalFile():
            target = self.source().resolved(url)
            path = Path(target.toLocalFile()).resolve()
            if path.suffix == ".md" and path.is_file() and path.is_relative_to(self.folder):
                self.setSource(target, QTextDocument.ResourceType.MarkdownResource)
                return
        self.refused = url  # the guide is offline: nothing outside it is opened

    def loadResource(self, kind: int, name: QUrl) -> object:
        """Pictures come scaled to the page's width, so a screenshot never needs scrolling
        sideways; everything else loads as usual."""
        resource = super().loadResource(kind, name)
        if kind != QTextDocument.ResourceType.ImageResource.value:
            return resource
        image = resource if isinstance(resource, QImage) else QImage.fromData(resource)
        width = max(self.viewport().width() - IMAGE_MARGIN, 200)
        if not image.isNull() and image.width() > width:
            return image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
        return image

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # Pictures were scaled for the old width: lay the page out again once the width
        # has changed noticeably.
        if abs(self.viewport().width() - self._width_when_laid_out) > 40 and self.source():
            self._width_when_laid_out = self.viewport().width()
            position = self.verticalScrollBar().value()
            self.reload()
            self.verticalScrollBar().setValue(position)


class UserGuideWindow(QDialog):
    """A window of its own, so the guide can stay open beside the work."""

    def __init__(self, parent: QWidget | None = None, folder: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"User guide — {APP_NAME}")
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.setModal(False)
        folder = folder or docs_path()
        self.browser = GuideBrowser(folder, self)
        self.back_button = QPushButton("← &Back")
        self.back_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Back))
        self.back_button.clicked.connect(self.browser.backward)
        self.forward_button = QPushButton("&Forward →")
        self.forward_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Forward))
        self.forward_button.clicked.connect(self.browser.forward)
        self.contents_button = QPushButton("&Contents")
        self.contents_button.clicked.connect(lambda: self.browser.show_page(CONTENTS_PAGE))
        self.browser.backwardAvailable.connect(self.back_button.setEnabled)
        self.browser.forwardAvailable.connect(self.forward_button.setEnabled)
        self.back_button.setEnabled(False)
        self.forward_button.setEnabled(False)
        self.missing = QLabel()
        self.missing.setWordWrap(True)
        self.missing.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.forward_button)
        buttons.addWidget(self.contents_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.missing)
        layout.addWidget(self.browser, 1)
        if not self.browser.show_page(CONTENTS_PAGE):
            self.missing.setText(
                f"The user guide was not found in {folder}. It is the docs folder of the "
                "program's source."
            )
            self.missing.show()

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(metrics.averageCharWidth() * 110, metrics.height() * 40)
