"""The PySide6 desktop application: a thin layer of views over the core services."""

from evidence_desk.gui.refcounts import keep_singletons_alive

# Before any Qt object exists: see refcounts.py for the PySide6 defect this covers.
keep_singletons_alive()
