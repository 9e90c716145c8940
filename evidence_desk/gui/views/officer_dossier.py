"""The officer dossier on screen, and its export to Word.

Shows what the Word dossier holds (identifiers over time, public records with their
dispositions and sources, the office's allegations by matter with citations, officers
accused alongside), built in the background. "Leave out the office's allegations" makes a
dossier of public records only, which is not marked privileged. **Export to Word…** asks
where to save (the save dialog asks before replacing a file) and writes in the background.
"""

from __future__ import annotations

import html
from collections import Counter
from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...core.dossier import (
    Dossier,
    DossierExport,
    build_dossier,
    export_dossier,
    officer_title,
)
from ...core.library import folder_key_for
from ...core.public_records import disposition_counts
from ...core.vocabulary import (
    ALLEGATION_STATUSES,
    OFFICER_IDENTIFIER_KINDS,
    OFFICER_ROLES,
    PUBLIC_RECORD_KINDS,
)
from ...core.wording import plural
from ..context import AppContext
from .inline_message import InlineMessage


def _cell(value: object) -> str:
    return f"<td>{html.escape(str(value)) if value not in (None, '') else ''}</td>"


def _table(headers: list[str], rows: list[list[object]]) -> str:
    head = "".join(f"<th align='left'>{html.escape(header)}</th>" for header in headers)
    body = "".join("<tr>" + "".join(_cell(value) for value in row) + "</tr>" for row in rows)
    return (
        "<table border='1' cellspacing='0' cellpadding='3' width='100%'>"
        f"<tr>{head}</tr>{body}</table>"
    )


def dossier_html(dossier: Dossier) -> str:
    """The dossier as the view shows it (every value escaped)."""
    officer = dossier.officer
    parts = [f"<h2>Officer dossier: {html.escape(officer_title(officer))}</h2>"]
    if dossier.privileged:
        parts.append(
            "<p style='color:#a00000'><b>PRIVILEGED &amp; CONFIDENTIAL — ATTORNEY WORK "
            "PRODUCT.</b> Holds the office's allegations.</p>"
        )
    else:
        parts.append("<p><i>Public records and the registry only: not privileged.</i></p>")
    status = next((listing.status for listing in dossier.listings if listing.status), None)
    details = [
        ("Command", officer.command),
        ("Agency", officer.agency),
        ("Status (last roster)", status),
        ("Description", officer.description),
        ("Also written", "; ".join(alias.text for alias in officer.aliases)),
    ]
    parts.append("<h3>Identification</h3><p>")
    parts.append(
        "<br>".join(
            f"<b>{html.escape(label)}:</b> {html.escape(value)}"
            for label, value in details
            if value
        )
    )
    parts.append("</p>")
    if officer.identifiers:
        parts.append(
            _table(
                ["Identifier", "Value", "Valid from", "Valid to"],
                [
                    [
                        OFFICER_IDENTIFIER_KINDS.get(item.kind, item.kind),
                        item.value,
                        item.valid_from,
                        item.valid_to,
                    ]
                    for item in officer.identifiers
                ],
            )
        )
    if dossier.listings:
        parts.append("<p><b>Rosters that list him:</b> ")
        parts.append(
            "; ".join(
                html.escape(
                    f"{listing.source}"
                    + (f" (as of {listing.as_of})" if listing.as_of else "")
                    + (f", {listing.status}" if listing.status else "")
                )
                for listing in dossier.listings
            )
        )
        parts.append("</p>")
    records = dossier.public_records
    parts.append(f"<h3>Public records ({len(records)})</h3>")
    if records:
        kinds = Counter(PUBLIC_RECORD_KINDS.get(record.kind, record.kind) for record in records)
        parts.append(
            "<p>"
            + html.escape(
                "; ".join(f"{label}: {count}" for label, count in kinds.most_common())
                + ". Dispositions: "
                + "; ".join(f"{name} ({count})" for name, count in disposition_counts(records))
            )
            + "</p>"
        )
        parts.append(
            _table(
                ["Date", "Kind", "Case no.", "What", "Disposition", "Source"],
                [
                    [
                        record.date.text() if record.date.is_known else "",
                        record.kind_label,
                        record.case_number,
                        record.what,
                        record.disposition,
                        record.source,
                    ]
                    for record in records
                ],
            )
        )
    else:
        parts.append("<p>No public record about this officer has been imported.</p>")
    if dossier.include_privileged:
        parts.append(f"<h3>The office's allegations ({dossier.allegation_count}) — privileged</h3>")
        if not dossier.matters:
            parts.append("<p>No allegation in the office's matters names this officer.</p>")
        for matter in dossier.matters:
            parts.append(
                f"<h4>{html.escape(matter.file_number)} — {html.escape(matter.caption)}</h4><ul>"
            )
            for allegation in matter.allegations:
                role = next(
                    (
                        OFFICER_ROLES.get(link.role, link.role)
                        for link in allegation.officers
                        if link.officer_id == officer.id
                    ),
                    "",
                )
                conduct = "; ".join(
                    dossier.conduct_labels.get(code, code) for code in allegation.conduct
                )
                status_label = ALLEGATION_STATUSES.get(allegation.status, allegation.status)
                citations = "".join(
                    f"<br>&nbsp;&nbsp;— {html.escape(citation.pinpoint)}"
                    + (f": <i>“{html.escape(citation.quote)}”</i>" if citation.quote else "")
                    for citation in allegation.citations
                )
                parts.append(
                    f"<li><b>{html.escape(allegation.date.display())}</b> — "
                    f"{html.escape(conduct)} ({html.escape(role)}; {html.escape(status_label)}): "
                    f"{html.escape(allegation.summary)}{citations}</li>"
                )
            parts.append("</ul>")
    co_accused = [
        item
        for item in dossier.co_accused
        if item.public_cases or (dossier.include_privileged and item.allegations)
    ]
    parts.append(f"<h3>Officers accused alongside him ({len(co_accused)})</h3>")
    if co_accused:
        headers = ["Officer", "Public complaints together"]
        if dossier.include_privileged:
            headers += ["Office allegations together", "Matters"]
        parts.append(
            _table(
                headers,
                [
                    [
                        " ".join(filter(None, (item.rank, item.name))) + f" [{item.officer_id}]",
                        item.public_cases,
                        *(
                            [item.allegations, ", ".join(item.matters)]
                            if dossier.include_privileged
                            else []
                        ),
                    ]
                    for item in co_accused
                ],
            )
        )
    return "".join(parts)


class DossierDialog(QDialog):
    """One officer's dossier, with the export to Word."""

    def __init__(self, context: AppContext, officer_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.officer_id = officer_id
        self.dossier: Dossier | None = None
        self.exported: Path | None = None
        self.setWindowTitle("Officer dossier")
        self.browser = QTextBrowser()
        self.browser.setAccessibleName("Dossier")
        self.browser.setOpenLinks(False)
        self.public_only = QCheckBox("Leave out the office's allegations (public records only)")
        self.public_only.toggled.connect(lambda _on: self.reload())
        self.message = InlineMessage()
        self.export_button = QPushButton("&Export to Word…")
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self.ask_export)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.public_only)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(900, 760)
        self.reload()

    def reload(self) -> None:
        library, officer_id = self.context.library, self.officer_id
        include = not self.public_only.isChecked()
        self.export_button.setEnabled(False)
        self.browser.setPlainText("Gathering everything known about the officer…")
        self.context.runner.start(
            lambda _control: build_dossier(library, officer_id, include_privileged=include),
            on_success=self._show,
            on_failure=self.message.show_error,
            description="Officer dossier",
            ask_before_quit=False,
        )

    def _show(self, dossier: object) -> None:
        assert isinstance(dossier, Dossier)
        if dossier.include_privileged == self.public_only.isChecked():
            return  # an answer for the other setting, arriving late
        self.dossier = dossier
        self.setWindowTitle(f"Officer dossier: {officer_title(dossier.officer)}")
        self.browser.setHtml(dossier_html(dossier))
        self.export_button.setEnabled(True)

    def ask_export(self) -> None:
        if self.dossier is None:
            return
        # A new name each time (officer, date and time): never last week's edited dossier.
        stamp = f"{datetime.now():%Y-%m-%d-%H%M}"
        name = f"dossier-{folder_key_for(self.dossier.officer.name)}-{stamp}.docx"
        path, _filter = QFileDialog.getSaveFileName(
            self, "Export dossier", str(Path.home() / name), "Word document (*.docx)"
        )
        if path:
            chosen = Path(path)
            # The save dialog asked before replacing the file it returned; a name it did not
            # return (".docx" added here) is refused if it exists.
            confirmed = chosen.suffix.lower() == ".docx"
            if not confirmed:
                chosen = chosen.with_name(chosen.name + ".docx")
            self.export(chosen, overwrite=confirmed)

    def export(self, path: Path, *, overwrite: bool = False) -> None:
        library, officer_id = self.context.library, self.officer_id
        include = not self.public_only.isChecked()
        self.export_button.setEnabled(False)
        self.message.show_info(f"Writing {path.name}…")

        def done(result: object) -> None:
            assert isinstance(result, DossierExport)
            self.exported = path
            self.export_button.setEnabled(True)
            marking = "marked privileged" if result.privileged else "public records only"
            records = plural(result.public_records, "public record")
            self.message.show_info(f"Wrote {path} ({marking}; {records}).")

        def failed(message: str) -> None:
            self.export_button.setEnabled(True)
            self.message.show_error(message)

        self.context.runner.start(
            lambda _control: export_dossier(
                library, officer_id, path, overwrite=overwrite, include_privileged=include
            ),
            on_success=done,
            on_failure=failed,
            description=f"Export dossier {path.name}",
        )
