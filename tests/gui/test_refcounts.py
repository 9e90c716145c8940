"""Long sessions emit millions of signals; the interpreter must survive them."""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import os
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    import evidence_desk.gui
    from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, QTimer, Signal
    from PySide6.QtWidgets import QApplication, QLineEdit

    app = QApplication([])

    class Source(QObject):
        fired = Signal(bool)

    source = Source()
    received = []
    source.fired.connect(received.append)
    edit = QLineEdit()
    edit.textChanged.connect(lambda text: None)
    for i in range(60_000):
        source.fired.emit(i % 2 == 0)
        edit.setText(str(i % 7))
        if i % 1000 == 0:
            QTimer.singleShot(0, source.objectName)
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)
    print(len(received))
    """
)


def test_sixty_thousand_signals_do_not_exhaust_true_false_or_none() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "60000"
