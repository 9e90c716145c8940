"""The PySide6 desktop application: a thin layer of views over the core services."""
