"""Office settings: the court, Part, attorney and signature motion papers use, and the
office's copies of the authorities they cite.

Two tabs. *Court and signature* edits the office settings (saved together with Save; a bad
value is reported inline and nothing is lost). *Authorities* lists the shipped library with
the office's edits marked; editing an authority's citation or proposition and choosing
*Save authority* (or moving to another one, or Save) stores the office's copy, and *Use
shipped text* removes it. Both are short writes to the library settings, made directly.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core.authorities import (
    ARGUMENT_POINTS,
    EDITABLE_FIELDS,
    STATUSES,
    Authority,
    edit_authority,
    list_authorities,
    reset_authority,
)
from ...core.errors import EvidenceDeskError
from ...core.office_settings import (
    CITATION_STYLES,
    COURT_FORMS,
    FIELD_LABELS,
    MULTILINE_FIELDS,
    OfficeSettings,
    load_office_settings,
    missing_sentence,
    save_office_settings,
)
from ..context import AppContext
from .inline_message import InlineMessage

_PLACEHOLDERS = {
    "county": "e.g. Bronx (a matter whose court names its county uses that)",
    "part": "e.g. AP-7 (an export can give another)",
    "court_address": "e.g. 265 East 161st Street, Bronx, New York",
    "attorney": "The attorney who signs",
    "office": "The office's name",
    "address": "The office's address, one line per line",
    "phone": "e.g. (718) 555-0100",
    "email": "The attorney's email (optional)",
    "signature": "Empty: a line to sign by hand; or e.g. /s/ Jordan Lee",
    "city": "e.g. Bronx, New York",
    "district_attorney": "Name, office and address of the District Attorney, one per line",
}
# The authority's fields the tab edits (its kind is set from the command line).
_EDITABLE = tuple(name for name in EDITABLE_FIELDS if name != "kind")
_AUTHORITY_LABELS = {
    "citation": "Citation (Bluebook):",
    "official": "Official form:",
    "pinpoint": "Pinpoint page:",
    "point": "Cited in:",
    "proposition": "Proposition:",
    "status": "Status:",
    "checked": "Checked:",
    "note": "Note:",
}


class OfficeSettingsDialog(QDialog):
    """Edit the office settings and the authorities library."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Office settings")
        self.tabs = QTabWidget()
        self.tabs.addTab(self._settings_tab(), "&Court and signature")
        self.tabs.addTab(self._authorities_tab(), "&Authorities")
        self.message = InlineMessage()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.load()
        self.resize(self.fontMetrics().averageCharWidth() * 130, self.sizeHint().height())

    # -- court and signature ----------------------------------------------------------

    def _settings_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.fields: dict[str, Field] = {}
        for name in FIELD_LABELS:
            widget: Field
            if name == "court_form":
                widget = _choice(COURT_FORMS)
            elif name == "citation_style":
                widget = _choice(CITATION_STYLES)
            elif name in MULTILINE_FIELDS:
                widget = _text_box(5 if name == "affirmation" else 3)
                widget.setPlaceholderText(_PLACEHOLDERS.get(name, ""))
            else:
                widget = QLineEdit()
                widget.setPlaceholderText(_PLACEHOLDERS.get(name, ""))
            widget.setAccessibleName(FIELD_LABELS[name])
            self.fields[name] = widget
            form.addRow(f"{FIELD_LABELS[name]}:", widget)
        self.missing_label = QLabel()
        self.missing_label.setWordWrap(True)
        self.missing_label.setAccessibleName("What motions will leave blank")
        form.addRow(self.missing_label)
        return page

    def load(self) -> None:
        settings = load_office_settings(self.context.library)
        for name, widget in self.fields.items():
            _show_value(widget, getattr(settings, name))
        self._show_missing(settings)
        self._load_authorities()

    def values(self) -> dict[str, str]:
        return {name: _value_of(widget) for name, widget in self.fields.items()}

    def _show_missing(self, settings: OfficeSettings) -> None:
        self.missing_label.setText(missing_sentence(settings))

    def save(self) -> bool:
        """Save the settings and the authority being edited; stay open on a bad value."""
        self.message.clear()
        if not self.save_authority():
            return False
        try:
            settings = save_office_settings(self.context.library, self.values())
        except EvidenceDeskError as error:
            self.tabs.setCurrentIndex(0)
            self.message.show_error(str(error))
            return False
        self._show_missing(settings)
        self.accept()
        return True

    # -- authorities ------------------------------------------------------------------

    def _authorities_tab(self) -> QWidget:
        page = QWidget()
        self.authority_list = QListWidget()
        self.authority_list.setAccessibleName("Authorities")
        self.authority_list.currentItemChanged.connect(self._authority_chosen)
        editor = QWidget()
        form = QFormLayout(editor)
        self.authority_fields: dict[str, Field] = {}
        for name in _EDITABLE:
            widget: Field
            if name == "point":
                widget = _choice(ARGUMENT_POINTS)
            elif name == "status":
                widget = _choice({key: key.capitalize() for key in STATUSES})
            elif name in ("proposition", "note"):
                widget = _text_box(6 if name == "proposition" else 2)
            else:
                widget = QLineEdit()
            widget.setAccessibleName(f"Authority {name}")
            self.authority_fields[name] = widget
            form.addRow(_AUTHORITY_LABELS[name], widget)
        self.source_label = QLabel()
        self.source_label.setAccessibleName("Whose text")
        form.addRow(self.source_label)
        self.save_authority_button = QPushButton("Save a&uthority")
        self.save_authority_button.clicked.connect(self.save_authority)
        self.reset_button = QPushButton("Use &shipped text")
        self.reset_button.setToolTip("Remove the office's copy of this authority")
        self.reset_button.clicked.connect(self.reset_current)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.reset_button)
        row.addWidget(self.save_authority_button)
        form.addRow(row)
        self.authority_list.setMinimumWidth(self.fontMetrics().averageCharWidth() * 32)
        layout = QHBoxLayout(page)
        layout.addWidget(self.authority_list, 2)
        column = QVBoxLayout()
        column.addWidget(editor)
        column.addStretch(1)
        layout.addLayout(column, 3)
        self._shown: Authority | None = None
        return page

    def _load_authorities(self, select: str | None = None) -> None:
        current = select or (self._shown.key if self._shown is not None else None)
        self._shown = None
        self.authority_list.blockSignals(True)
        self.authority_list.clear()
        for authority in list_authorities(self.context.library):
            item = QListWidgetItem()
            _show_in_item(item, authority)
            self.authority_list.addItem(item)
            if authority.key == current:
                self.authority_list.setCurrentItem(item)
        self.authority_list.blockSignals(False)
        if self.authority_list.currentItem() is None and self.authority_list.count():
            self.authority_list.setCurrentRow(0)
        self._authority_chosen(self.authority_list.currentItem(), None)

    def _authority_chosen(
        self, item: QListWidgetItem | None, previous: QListWidgetItem | None
    ) -> None:
        if previous is not None and self._shown is not None and self._authority_changes():
            if not self.save_authority(reload=False):
                self.authority_list.blockSignals(True)
                self.authority_list.setCurrentItem(previous)  # stay on what failed to save
                self.authority_list.blockSignals(False)
                return
            assert self._shown is not None
            _show_in_item(previous, self._shown)
        authority: Authority | None = item.data(Qt.ItemDataRole.UserRole) if item else None
        self._shown = authority
        for name, widget in self.authority_fields.items():
            _show_value(widget, getattr(authority, name) if authority is not None else "")
        if authority is None:
            self.source_label.clear()
        else:
            self.source_label.setText(
                {
                    "shipped": "The text shipped with Evidence Desk.",
                    "office": "The office's copy (overrides the shipped text).",
                    "office-added": "Added by the office.",
                }[authority.source]
            )
        self.reset_button.setEnabled(authority is not None and authority.source != "shipped")

    def _authority_values(self) -> dict[str, str]:
        return {name: _value_of(widget).strip() for name, widget in self.authority_fields.items()}

    def _authority_changes(self) -> dict[str, str]:
        if self._shown is None:
            return {}
        return {
            name: value
            for name, value in self._authority_values().items()
            if value != getattr(self._shown, name)
        }

    def save_authority(self, *, reload: bool = True) -> bool:
        """Store the office's copy of the authority shown, if it was changed."""
        changes = self._authority_changes()
        if not changes or self._shown is None:
            return True
        try:
            saved = edit_authority(self.context.library, self._shown.key, changes)
        except EvidenceDeskError as error:
            self.tabs.setCurrentIndex(1)
            self.message.show_error(str(error))
            return False
        self.message.show_info(f"Saved the office's copy of {saved.cited(pinpoint=False)}")
        self._shown = saved
        if reload:
            self._load_authorities(saved.key)
        return True

    def reset_current(self) -> None:
        if self._shown is None:
            return
        key = self._shown.key
        try:
            reset_authority(self.context.library, key)
        except EvidenceDeskError as error:
            self.message.show_error(str(error))
            return
        self.message.show_info("The shipped text is used again")
        self._shown = None
        self._load_authorities(key)


def _show_in_item(item: QListWidgetItem, authority: Authority) -> None:
    """An authority in the list: its citation, marked when it is the office's or unverified."""
    marks = []
    if authority.source != "shipped":
        marks.append("office")
    if not authority.verified:
        marks.append("unverified")
    name = authority.citation[: authority.name_length()] if authority.kind == "case" else ""
    short = name or authority.official or authority.citation
    item.setText(short + (f"  [{', '.join(marks)}]" if marks else ""))
    item.setData(Qt.ItemDataRole.UserRole, authority)
    item.setToolTip(authority.cited(pinpoint=False))


Field = QLineEdit | QPlainTextEdit | QComboBox


def _choice(choices: dict[str, str]) -> QComboBox:
    """A combo box showing labels and holding their keys."""
    box = QComboBox()
    for key, label in choices.items():
        box.addItem(label, key)
    return box


def _text_box(lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 12)
    return box


def _show_value(widget: Field, value: str) -> None:
    if isinstance(widget, QComboBox):
        widget.setCurrentIndex(max(widget.findData(value), 0))
    elif isinstance(widget, QPlainTextEdit):
        widget.setPlainText(value)
    else:
        widget.setText(value)


def _value_of(widget: Field) -> str:
    if isinstance(widget, QComboBox):
        return str(widget.currentData())
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    return widget.text()
