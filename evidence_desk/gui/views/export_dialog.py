"""Export a memo (.docx): motion papers for court, the internal memo, or a public brief.

The kind starts from where the dialog was opened: a selected matter proposes motion papers
in that matter, selected officers the internal memo about them. The export runs in the
background with progress. A public brief that would contain a client identifier is refused
by the core; the dialog then says exactly which identifier was found and in which part of
the document, so the user can fix the title, template or evidence, instead of showing an
error trace. On success it offers to open the file or show it in its folder and, for motion
papers, says what the attorney must still fill in, check or redact.

A file is never replaced without asking: the suggested name is new each time (kind,
matter or officer, date and time), and an existing file is replaced only after "Replace?"
(the file chooser's own question, or ours for a typed name), because someone may have
edited the last memo in Word since.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QDate, QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core import matters, officers
from ...core.errors import EvidenceDeskError
from ...core.library import folder_key_for
from ...core.memo import (
    MEMO_KIND_LABELS,
    IdentifierLeakError,
    MemoOptions,
    MemoResult,
    export_memo,
)
from ...core.memo.anonymise import IDENTIFIER_KIND_LABELS
from ...core.office_settings import load_office_settings, missing_sentence
from ...core.output_files import is_inside_library
from ...core.patterns import PatternFilter
from ...core.records import MatterId, MatterRecord
from ...core.wording import plural
from ..context import AppContext
from ..models.officers import officer_label
from ..tasks import Task, TaskControl
from .inline_message import InlineMessage, buddy_label, sentence
from .office_settings_dialog import OfficeSettingsDialog
from .release_review import ReleaseReviewDialog

OUTPUT_STEMS = {"motion": "motion-papers", "internal": "internal-memo", "public": "public-brief"}


def part_description(part: str) -> str:
    """Where in a .docx a part is, in words ("word/header1.xml" -> "a page header")."""
    if "/" not in part and "." not in part:
        return part  # not a part of the file: "the title"
    name = part.rsplit("/", 1)[-1]
    if name == "document.xml":
        return "the main text"
    if name.startswith("header"):
        return "a page header"
    if name.startswith("footer"):
        return "a page footer"
    if name.startswith("footnotes"):
        return "the footnotes"
    if name.startswith("endnotes"):
        return "the endnotes"
    if name.startswith("comments"):
        return "the comments"
    if part.startswith("docProps/"):
        return "the document properties"
    return "the document"


class ExportDialog(QDialog):
    """Choose the memo kind, matter, template, options and output file; export."""

    finished_export = Signal(object)  # MemoResult or IdentifierLeakError or str (failure)

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        matter_id: MatterId | None = None,
        officer_ids: tuple[int, ...] = (),
        kind: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.officer_ids = tuple(officer_ids)
        self.task: Task | None = None
        self.replace_confirmed: Path | None = None  # the existing file the user said to replace
        self.result: MemoResult | None = None
        self.refusal: IdentifierLeakError | None = None
        self.review_dialog: ReleaseReviewDialog | None = None
        self._reviewed = False  # a public brief is exported only after its review
        self.setWindowTitle("Export memo")

        self.motion_radio = QRadioButton(
            "&Motion papers for court (in the matter; other clients pseudonymised)"
        )
        self.internal_radio = QRadioButton("&Internal memo (full, cited, privileged)")
        self.public_radio = QRadioButton("&Public brief (anonymised, safe to share)")
        self.kind_radios = {
            "motion": self.motion_radio,
            "internal": self.internal_radio,
            "public": self.public_radio,
        }
        if kind is None:
            # Opened on a matter: papers for that matter; on officers: the memo about them.
            kind = "motion" if matter_id is not None and not officer_ids else "internal"
        self.kind_radios[kind].setChecked(True)
        kind_group = QButtonGroup(self)
        kind_box = QGroupBox("Kind")
        kind_layout = QVBoxLayout(kind_box)
        for radio in self.kind_radios.values():
            kind_group.addButton(radio)
            kind_layout.addWidget(radio)
        kind_group.buttonToggled.connect(lambda *_: self._kind_changed())

        self.matter_combo = QComboBox()
        self.matter_combo.setAccessibleName("Matter for the caption")
        self.matter_combo.addItem("(no caption)", None)
        for summary in matters.list_matters(context.library):
            record = summary.matter
            self.matter_combo.addItem(f"{record.file_number} – {record.caption}", record.id)
        if matter_id is not None:
            self.matter_combo.setCurrentIndex(max(self.matter_combo.findData(matter_id), 0))
        self.matter_combo.currentIndexChanged.connect(lambda *_: self._kind_changed())
        self.matter_label = buddy_label("Matter for the &caption:", self.matter_combo)

        names = []
        self.officer_subjects: list[str] = []  # plain names, for the suggested file name
        for officer_id in self.officer_ids:
            try:
                record = officers.get_officer(context.library, officer_id)
            except EvidenceDeskError:
                continue  # merged or deleted meanwhile: the export says so by name
            names.append(officer_label(record))
            self.officer_subjects.append(record.name)
        self.officer_names = "; ".join(names)
        self.officer_label = QLabel(self.officer_names)
        self.officer_label.setWordWrap(True)
        self.officer_label.setAccessibleName("Officers in the memo")
        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName("Memo title")
        self.title_edit.setPlaceholderText("Optional; a default title is used when empty")
        self.template_edit = QLineEdit()
        self.template_edit.setAccessibleName("Word template")
        self.template_edit.setPlaceholderText("The office's .docx template (optional)")
        self.template_button = QPushButton("&Browse…")
        self.template_button.setAccessibleName("Choose template")
        self.template_button.clicked.connect(self.choose_template)
        template_row = QHBoxLayout()
        template_row.addWidget(self.template_edit, 1)
        template_row.addWidget(self.template_button)

        self.pseudonyms_box = QCheckBox("Replace clients by pseudonyms (Client A, B…)")
        self.month_dates_box = QCheckBox("Dates to the month only")
        self.name_officers_box = QCheckBox("Name the &officers")
        self.name_officers_box.setToolTip("Without it officers are numbered (Officer 1, 2…)")
        self.suppress_spin = QSpinBox()
        self.suppress_spin.setAccessibleName("Suppression threshold")
        self.suppress_spin.setRange(1, 50)
        self.suppress_spin.setValue(2)
        self.suppress_spin.setToolTip("Counts below this are shown as “fewer than N”")
        self.min_matters_spin = QSpinBox()
        self.min_matters_spin.setAccessibleName("Minimum matters per officer")
        self.min_matters_spin.setRange(1, 100)
        self.min_matters_spin.setValue(2)
        options_box = QGroupBox("Options")
        options = QFormLayout(options_box)
        options.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        options.addRow(self.pseudonyms_box)
        options.addRow(self.month_dates_box)
        options.addRow(self.name_officers_box)
        options.addRow("&Suppress counts below:", self.suppress_spin)
        options.addRow("Officers in at least this many &matters:", self.min_matters_spin)

        self.part_edit = QLineEdit()
        self.part_edit.setAccessibleName("Part")
        self.return_date_box = QCheckBox("Return &date:")
        self.return_date_box.setToolTip("Without it the notice of motion has a marked blank")
        self.return_date_edit = QDateEdit()
        self.return_date_edit.setAccessibleName("Return date")
        self.return_date_edit.setCalendarPopup(True)
        self.return_date_edit.setDisplayFormat("d MMMM yyyy")
        self.return_date_edit.setDate(QDate.currentDate().addDays(21))
        self.return_date_edit.setEnabled(False)
        self.return_date_box.toggled.connect(self.return_date_edit.setEnabled)
        self.office_label = QLabel()
        self.office_label.setWordWrap(True)
        self.office_label.setAccessibleName("Office settings the papers lack")
        self.office_button = QPushButton("O&ffice settings…")
        self.office_button.clicked.connect(self.edit_office_settings)
        self.motion_box = QGroupBox("Motion papers")
        motion_form = QFormLayout(self.motion_box)
        motion_form.addRow("P&art:", self.part_edit)
        motion_form.addRow(self.return_date_box, self.return_date_edit)
        motion_form.addRow(self.office_label)
        office_row = QHBoxLayout()
        office_row.addStretch(1)
        office_row.addWidget(self.office_button)
        motion_form.addRow(office_row)

        self.output_edit = QLineEdit()
        self.output_edit.setAccessibleName("Output file")
        self.output_edit.textEdited.connect(
            lambda *_: self.output_edit.setProperty("suggested", False)
        )
        self.output_button = QPushButton("Br&owse…")
        self.output_button.setAccessibleName("Choose output file")
        self.output_button.clicked.connect(self.choose_output)
        output_row = QHBoxLayout()
        output_row.addWidget(self.output_edit, 1)
        output_row.addWidget(self.output_button)

        form = QFormLayout()
        form.addRow(self.matter_label, self.matter_combo)
        form.addRow("Officers:", self.officer_label)
        form.addRow("&Title:", self.title_edit)
        form.addRow(buddy_label("Te&mplate:", self.template_edit), template_row)
        form.addRow(buddy_label("&Output file:", self.output_edit), output_row)

        self.progress = QProgressBar()
        self.progress.setAccessibleName("Export progress")
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.progress_label = QLabel()
        self.progress_label.hide()
        self.message = InlineMessage()

        self.refusal_box = QGroupBox("Public brief refused: a client identifier was found")
        self.refusal_kind = QLabel()
        self.refusal_identifier = QLabel()
        self.refusal_part = QLabel()
        for label, name in (
            (self.refusal_kind, "Kind of identifier"),
            (self.refusal_identifier, "Identifier found"),
            (self.refusal_part, "Where it was found"),
        ):
            label.setAccessibleName(name)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
        refusal_form = QFormLayout(self.refusal_box)
        refusal_form.addRow("Identifier:", self.refusal_kind)
        refusal_form.addRow("Found:", self.refusal_identifier)
        refusal_form.addRow("In:", self.refusal_part)
        self.refusal_advice = QLabel(
            "Nothing was written. Remove the identifier from the title or the template, "
            "or check the quoted evidence, and export again."
        )
        self.refusal_advice.setWordWrap(True)
        refusal_form.addRow(self.refusal_advice)
        self.refusal_box.hide()

        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(
            "&Export", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.export_button.setDefault(True)
        self.open_button = self.buttons.addButton("O&pen", QDialogButtonBox.ButtonRole.ActionRole)
        self.folder_button = self.buttons.addButton(
            "Show in &folder", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.cancel_button = self.buttons.addButton("&Stop", QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.clicked.connect(self.start_export)
        self.open_button.clicked.connect(self.open_file)
        self.folder_button.clicked.connect(self.show_in_folder)
        self.cancel_button.clicked.connect(self.cancel_export)
        self.close_button.clicked.connect(self.reject)
        for button in (self.open_button, self.folder_button, self.cancel_button):
            button.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(kind_box)
        layout.addLayout(form)
        layout.addWidget(options_box)
        layout.addWidget(self.motion_box)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.refusal_box)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self._kind_changed()
        self.resize(self.fontMetrics().averageCharWidth() * 100, self.sizeHint().height())

    # -- choices ------------------------------------------------------------------------------

    def kind(self) -> str:
        return next(kind for kind, radio in self.kind_radios.items() if radio.isChecked())

    def set_kind(self, kind: str) -> None:
        self.kind_radios[kind].setChecked(True)

    def _kind_changed(self) -> None:
        kind = self.kind()
        public = kind == "public"
        # A public brief always pseudonymises clients and coarsens dates: the options show
        # it but cannot turn it off. They do not apply to the other kinds.
        for box in (self.pseudonyms_box, self.month_dates_box):
            box.setChecked(public)
            box.setEnabled(False)
        self.pseudonyms_box.setToolTip("Always on for a public brief" if public else "")
        self.name_officers_box.setEnabled(public)
        self.suppress_spin.setEnabled(public)
        motion = kind == "motion"
        self.motion_box.setVisible(motion)
        self.matter_label.setText(
            "&Matter the motion is filed in:" if motion else "Matter for the &caption:"
        )
        if motion:
            self._show_office_settings()
        self.officer_label.setText(
            self.officer_names
            or (
                "The matter's officers whose pattern meets the threshold"
                if motion
                else "Every officer whose pattern meets the threshold"
            )
        )
        self._suggest_output()
        self._update_export_button()
        if self.isVisible():
            self.resize(self.width(), self.sizeHint().height())

    def _show_office_settings(self) -> None:
        settings = load_office_settings(self.context.library)
        self.part_edit.setPlaceholderText(settings.part or "The Part (a blank when empty)")
        self.office_label.setText(missing_sentence(settings))

    def _update_export_button(self) -> None:
        """Motion papers are filed in a matter: without one there is nothing to export."""
        needs_matter = self.kind() == "motion" and self.matter_combo.currentData() is None
        running = self.task is not None
        self.export_button.setEnabled(not running and not needs_matter)
        self.export_button.setToolTip(
            "Choose the matter the motion is filed in" if needs_matter else ""
        )

    def edit_office_settings(self) -> None:
        dialog = OfficeSettingsDialog(self.context, self)
        dialog.exec()
        self._show_office_settings()

    def _caption_matter(self) -> MatterRecord | None:
        matter_id = self.matter_combo.currentData()
        if matter_id is None:
            return None
        try:
            return matters.get_matter(self.context.library, matter_id)
        except EvidenceDeskError:
            return None

    def _default_folder(self) -> Path:
        record = self._caption_matter()
        if record is not None:
            return self.context.library.matter_folder(record.folder_key) / "exports"
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        return Path(documents) if documents else Path.home()

    def _suggest_output(self) -> None:
        """Propose a new file name until the user has typed or chosen one."""
        current = self.output_edit.text().strip()
        if current and not self.output_edit.property("suggested"):
            return
        self.output_edit.setText(str(self.suggested_output()))
        self.output_edit.setProperty("suggested", True)

    def suggested_output(self) -> Path:
        """A name no file has yet: kind, matter (or officer), date and time."""
        stem = OUTPUT_STEMS[self.kind()]
        record = self._caption_matter()
        subjects = self.officer_subjects
        if record is not None:
            subject = record.file_number
        elif len(subjects) == 1:
            subject = subjects[0]
        else:
            subject = f"{len(subjects)}-officers" if subjects else "patterns"
        name = f"{stem}-{folder_key_for(subject)}-{datetime.now():%Y-%m-%d-%H%M}"
        folder = self._default_folder()
        path, number = folder / f"{name}.docx", 2
        while path.exists():
            path, number = folder / f"{name}-{number}.docx", number + 1
        return path

    def choose_template(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, "Word template", self.template_edit.text(), "Word documents (*.docx)"
        )
        if path:
            self.template_edit.setText(path)

    def choose_output(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, "Save memo as", self.output_edit.text(), "Word documents (*.docx)"
        )
        if path:
            chosen = Path(path)
            if chosen.suffix.lower() != ".docx":
                chosen = chosen.with_name(chosen.name + ".docx")
            elif chosen.exists():
                self.replace_confirmed = chosen  # the file chooser asked "Replace?" already
            self.output_edit.setText(str(chosen))
            self.output_edit.setProperty("suggested", False)

    def confirm_replace(self, out: Path) -> bool:
        """Ask before replacing a file (it may be a memo edited since it was exported)."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Replace file?",
            f"“{out.name}” already exists in {out.parent}.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setInformativeText(
            "Replace it? Any changes made to that file since it was written will be lost."
        )
        replace_button = box.button(QMessageBox.StandardButton.Yes)
        replace_button.setText("&Replace")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Yes

    def options(self) -> MemoOptions:
        template_text = self.template_edit.text().strip()
        return MemoOptions(
            kind=self.kind(),
            matter_id=self.matter_combo.currentData(),
            officers=self.officer_ids,
            criteria=PatternFilter(min_matters=self.min_matters_spin.value()),
            template=Path(template_text) if template_text else None,
            name_officers=self.name_officers_box.isChecked(),
            suppress_below=self.suppress_spin.value(),
            title=self.title_edit.text().strip() or None,
            part=self.part_edit.text().strip() or None,
            return_date=(
                self.return_date_edit.date().toPython()
                if self.return_date_box.isChecked()
                else None
            ),
        )

    # -- running ---------------------------------------------------------------------------

    def start_export(self) -> Task | None:
        self.message.clear()
        self.refusal_box.hide()
        self.result = None
        self.refusal = None
        self.open_button.hide()
        self.folder_button.hide()
        if self.kind() == "motion" and self.matter_combo.currentData() is None:
            self.message.show_error("Choose the matter the motion is filed in.")
            self.matter_combo.setFocus()
            return None
        out_text = self.output_edit.text().strip()
        if not out_text:
            self.message.show_error("Choose the output file.")
            self.output_edit.setFocus()
            return None
        template = self.template_edit.text().strip()
        if template and not Path(template).is_file():
            self.message.show_error(f"The template {template} does not exist.")
            self.template_edit.setFocus()
            return None
        out = Path(out_text).expanduser()
        overwrite = out.exists() and out == self.replace_confirmed
        if out.exists() and not overwrite:
            if not self.confirm_replace(out):
                self.message.show_error(f"Nothing was written: {out.name} already exists.")
                self.output_edit.setFocus()
                return None
            overwrite = True
        options = self.options()
        if options.kind == "public" and not self._reviewed:
            self.open_review(options)
            return None
        self._reviewed = False
        library = self.context.library
        default_folder = self._default_folder()

        def work(control: TaskControl) -> MemoResult | IdentifierLeakError:
            # A new folder is made outside the library, and for a matter's exports; never
            # elsewhere inside it (the export is refused there anyway).
            if out.parent == default_folder or not is_inside_library(out.parent, library):
                out.parent.mkdir(parents=True, exist_ok=True)
            try:
                return export_memo(
                    library,
                    options,
                    out,
                    overwrite=overwrite,
                    progress=control.progress,
                    cancel=control.cancel_event,
                )
            except IdentifierLeakError as error:
                return error  # handed back whole: the dialog shows its parts

        self._set_running(True)
        self.task = self.context.runner.start(
            work,
            on_success=self._succeeded,
            on_failure=self._failed,
            on_progress=self._progressed,
            on_cancelled=self._stopped,
            description=f"Export {options.kind} memo",
        )
        return self.task

    def open_review(self, options: MemoOptions) -> ReleaseReviewDialog:
        """The review list of the brief's passages; exporting from it goes on here."""
        self.review_dialog = ReleaseReviewDialog(
            self.context,
            {
                "criteria": options.criteria,
                "officers": options.officers,
                "matter_id": options.matter_id,
                "title": options.title,
                "name_officers": options.name_officers,
            },
            self,
        )
        self.review_dialog.accepted.connect(self._export_reviewed)
        self.review_dialog.open()
        return self.review_dialog

    def _export_reviewed(self) -> None:
        self._reviewed = True
        self.start_export()

    def cancel_export(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.progress_label.setText("Stopping…")

    def _set_running(self, running: bool) -> None:
        self.progress.setVisible(running)
        self.progress_label.setVisible(running)
        if running:
            self.progress.setRange(0, 0)
            self.progress_label.setText("Starting…")
        self.cancel_button.setVisible(running)
        self.close_button.setEnabled(not running)
        if running:
            self.export_button.setEnabled(False)

    def _progressed(self, done: int, total: int, message: str) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        self.progress_label.setText(message)

    def _succeeded(self, outcome: object) -> None:
        self.task = None
        self._set_running(False)
        self._update_export_button()
        if isinstance(outcome, IdentifierLeakError):
            self.show_refusal(outcome)
        elif isinstance(outcome, MemoResult):
            self.result = outcome
            kind = MEMO_KIND_LABELS[outcome.kind]
            counts = [
                plural(outcome.officers, "officer"),
                plural(outcome.allegations, "allegation"),
            ]
            if outcome.kind != "public":
                counts.append(plural(outcome.footnotes, "footnote"))
                counts.append(plural(outcome.exhibits, "exhibit"))
            details = ", ".join(counts)
            self.message.show_info(
                " ".join([f"{kind} written to {outcome.path} ({details}).", *outcome.still_to_do()])
            )
            self.replace_confirmed = None
            self._suggest_output()  # the next export gets a new name, never this file's
            self.open_button.show()
            self.folder_button.show()
            self.open_button.setFocus()
        self.finished_export.emit(outcome)

    def _failed(self, message: str) -> None:
        self.task = None
        self._set_running(False)
        self._update_export_button()
        self.message.show_error(message)
        self.finished_export.emit(message)

    def _stopped(self, message: str) -> None:
        self.task = None
        self._set_running(False)
        self.message.show_info(sentence(message))
        self.finished_export.emit(message)

    def show_refusal(self, error: IdentifierLeakError) -> None:
        self.refusal = error
        label = IDENTIFIER_KIND_LABELS.get(error.identifier_kind, error.identifier_kind)
        owner = getattr(getattr(error, "finding", None), "owner", "client")
        self.refusal_kind.setText(f"the client's {label}" if owner == "client" else
                                  f"an officer's {label}")  # fmt: skip
        self.refusal_identifier.setText(f"“{error.identifier}”")
        where = part_description(error.part)
        self.refusal_part.setText(where if where == error.part else f"{where} ({error.part})")
        self.refusal_box.show()
        self.message.show_error(str(error))

    def open_file(self) -> None:
        if self.result is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.result.path)))

    def show_in_folder(self) -> None:
        if self.result is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.result.path.parent)))

    def reject(self) -> None:
        if self.task is not None:  # let the background export finish cleanly first
            self.cancel_export()
            return
        super().reject()
