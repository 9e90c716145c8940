"""Entry script of the packaged program (PyInstaller runs it as ``__main__``).

It only hands over to ``evidence_desk.__main__.main``, which starts worker processes
correctly (``multiprocessing.freeze_support``), the self-test, the CLI or the window.
"""

import sys

from evidence_desk.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
