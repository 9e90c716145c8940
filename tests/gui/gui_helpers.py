"""Helpers for the GUI tests: a matter with real imported evidence, synthesized drops."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from evidence_desk.core import matters
from evidence_desk.core.ingest.pipeline import import_paths
from evidence_desk.core.library import Library
from evidence_desk.core.records import MatterRecord
from tests.files import make_pdf, make_text

ARREST_REPORT_PAGES = (
    "ARREST REPORT\nArresting officer: P.O. Smyth, shield 4411.\nThe defendant was stopped.",
    "NARRATIVE\nUC 214 stated that the defendant agreed to an act of prostitution.\n"
    "The undercover officer exposed himself before the arrest was radioed in.",
    "PROPERTY\nOne phone vouchered. No property returned to the defendant.",
)


def make_matter(library: Library, file_number: str = "2024-001") -> MatterRecord:
    return matters.add_matter(
        library, matters.MatterInput(file_number, f"People v. Client {file_number}", "Jane Doe")
    )


def make_evidence(folder: Path) -> list[Path]:
    """A Bates-stamped arrest report (PDF) and an interview transcript (text)."""
    folder.mkdir(parents=True, exist_ok=True)
    report = make_pdf(
        folder / "arrest-report.pdf",
        list(ARREST_REPORT_PAGES),
        bates_prefix="NYPD",
        first_bates=125,
    )
    transcript = make_text(
        folder / "interview.txt",
        "Client interview.\nShe said the officer groped her in the car and called her "
        "twice after her release.",
    )
    return [report, transcript]


def import_evidence(library: Library, matter: MatterRecord, folder: Path) -> list[int]:
    results = import_paths(library, matter.id, make_evidence(folder), workers=1)
    return [result.id for result in results if result.id is not None]


def drop_files(target: QWidget, paths: Sequence[Path], position: QPoint | None = None) -> bool:
    """Deliver a drag-enter and a drop of local file URLs to ``target``, as a file manager would."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    point = position if position is not None else target.rect().center()
    enter = QDragEnterEvent(
        QPointF(point),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(target, enter)
    if not enter.isAccepted():
        return False
    drop = QDropEvent(
        QPointF(point),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(target, drop)
    return drop.isAccepted()


def answer_message_box(
    button: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok,
) -> dict[str, str]:
    """Press ``button`` on the next message box; the returned dict gets its ``text``."""
    seen: dict[str, str] = {}

    def press(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        seen["text"] = box.text()
        pressed = box.button(button)
        if pressed is not None:
            pressed.click()
        else:
            box.accept()

    when_modal(QMessageBox, press)
    return seen


def when_modal(kind: type, act: Callable[[QWidget], None]) -> None:
    """Run ``act`` on the next modal dialog of ``kind`` once its ``exec`` has shown it."""

    def attempt() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind):
            act(widget)
        else:
            QTimer.singleShot(20, attempt)

    QTimer.singleShot(0, attempt)
