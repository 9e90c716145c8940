"""A combo box over one of the vocabulary's code → label tables."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QComboBox


def code_combo(choices: Mapping[str, str], current: str, accessible_name: str) -> QComboBox:
    """Labels shown, codes as item data; ``current`` chosen (the first if unknown)."""
    combo = QComboBox()
    combo.setAccessibleName(accessible_name)
    for code, label in choices.items():
        combo.addItem(label, code)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    return combo
