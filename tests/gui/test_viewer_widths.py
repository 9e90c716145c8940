"""A PDF page view must settle at every width (a GUI thread that spins never repaints)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from tests.files import make_pdf

# Run apart from the test process: at a width that never settles the event loop spins
# for ever, and a timeout is the only way to see it.
SCRIPT = textwrap.dedent(
    """
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    import evidence_desk.gui
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtWidgets import QApplication
    from evidence_desk.gui.views.pdf_page_view import PdfPageView

    app = QApplication([])

    def settle(milliseconds):
        loop = QEventLoop()
        QTimer.singleShot(milliseconds, loop.quit)
        loop.exec()

    document = QPdfDocument()
    document.load(sys.argv[1])
    view = PdfPageView()
    view.setDocument(document)
    view.resize(600, 750)
    view.show()
    settle(100)
    for width in range(600, 150, -1):
        view.resize(width, 750)
        settle(5)
    print("settled at every width")
    """
)


def test_pdf_view_settles_at_every_width(tmp_path: Path) -> None:
    pdf = make_pdf(
        tmp_path / "report.pdf",
        ["ARREST REPORT\nThe defendant was stopped.", "NARRATIVE\nUC 214 stated..."],
        bates_prefix="ECPD",
    )
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(pdf)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "settled at every width"
