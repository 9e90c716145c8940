"""Widgets and dialogs of the desktop application, one per file."""
