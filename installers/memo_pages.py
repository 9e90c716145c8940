"""Pictures of the memos for the user guide: each kind rendered from the demo library.

    .venv/bin/python installers/memo_pages.py [--out docs/images] [--library PATH] [--keep DIR]

Builds the demo library in a temporary folder (or uses ``--library``), exports motion papers
in DEMO-24-001, the internal memo captioned with it and the public brief, converts each to
PDF with LibreOffice and the pages to PNG with pdftoppm, then writes per kind a sheet of
every page (``memo-KIND-pages.png``) and chosen pages at reading size
(``memo-KIND-PART.png``), and the first page of each side by side (``memo-kinds.png``).
LibreOffice runs with a throw-away profile holding one Basic macro,
which updates the table of contents before exporting, as a person would with Tools ▸
Update ▸ Update All. Needs LibreOffice Writer, poppler-utils and ImageMagick.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Pages shown at reading size: each the first page after the one before holding the words.
READING_PAGES = {
    "motion": (
        ("notice", "NOTICE OF MOTION"),
        ("affirmation", "AFFIRMATION IN"),
        ("contents", "TABLE OF CONTENTS"),
        ("authorities", "TABLE OF AUTHORITIES"),
        ("facts", "STATEMENT OF FACTS"),
        ("pattern", "POINT III"),
    ),
    "internal": (
        ("summary", "Summary"),
        ("allegations", "Allegations by officer"),
        ("exhibits", "Exhibit index"),
    ),
    "public": (("summary", "Summary"),),
}

_MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1"
 script:language="StarBasic">
Sub ToPdf(inputUrl As String, outputUrl As String)
  Dim args(0) As New com.sun.star.beans.PropertyValue
  args(0).Name = "Hidden"
  args(0).Value = True
  doc = StarDesktop.loadComponentFromURL(inputUrl, "_blank", 0, args())
  indexes = doc.getDocumentIndexes()
  For i = 0 To indexes.getCount() - 1
    indexes.getByIndex(i).update()
  Next i
  doc.getTextFields().refresh()
  Dim out(0) As New com.sun.star.beans.PropertyValue
  out(0).Name = "FilterName"
  out(0).Value = "writer_pdf_Export"
  doc.storeToURL(outputUrl, out())
  doc.close(True)
End Sub
</script:module>
"""


def office_program() -> str:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise SystemExit("LibreOffice (soffice) is needed to render the memos")


def prepare_profile(profile: Path) -> None:
    """A LibreOffice profile whose Standard Basic library holds the ToPdf macro."""
    subprocess.run(
        [office_program(), f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--terminate_after_init"],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    module = profile / "user" / "basic" / "Standard" / "Module1.xba"
    if not module.parent.is_dir():
        raise SystemExit(f"LibreOffice did not create its Basic library in {profile}")
    module.write_text(_MACRO, encoding="utf-8")


def to_pdf(profile: Path, docx: Path) -> Path:
    pdf = docx.with_suffix(".pdf")
    pdf.unlink(missing_ok=True)
    macro = f'macro:///Standard.Module1.ToPdf("{docx.as_uri()}","{pdf.as_uri()}")'
    subprocess.run(
        [office_program(), f"-env:UserInstallation={profile.as_uri()}", "--headless", macro],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    if not pdf.is_file():
        raise SystemExit(f"LibreOffice did not convert {docx.name}")
    return pdf


def page_images(pdf: Path, resolution: int, prefix: Path) -> list[Path]:
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(resolution), str(pdf), str(prefix)],
        check=True, timeout=300,
    )  # fmt: skip
    return sorted(prefix.parent.glob(f"{prefix.name}-*.png"))


def page_texts(pdf: Path, pages: int) -> list[str]:
    """Each page's text, to find the pages worth showing."""
    texts = []
    for number in range(1, pages + 1):
        command = ["pdftotext", "-layout", "-f", str(number), "-l", str(number), str(pdf), "-"]
        done = subprocess.run(command, check=True, capture_output=True, text=True, timeout=60)
        texts.append(done.stdout)
    return texts


def sheet(pages: list[Path], out: Path, columns: int) -> None:
    subprocess.run(
        ["montage", *map(str, pages), "-tile", f"{columns}x", "-geometry", "+6+6",
         "-background", "#d0d0d0", "-bordercolor", "#909090", "-border", "1", str(out)],
        check=True, timeout=300,
    )  # fmt: skip


def export_kinds(library_path: Path, folder: Path) -> dict[str, Path]:
    from evidence_desk.core.library import Library
    from evidence_desk.core.matters import get_matter_by_file_number
    from evidence_desk.core.memo import MemoOptions, export_memo

    library = Library.open(library_path, readonly=True)
    try:
        written = {}
        for kind, matter in (("motion", "DEMO-24-001"), ("internal", "DEMO-24-001"),
                             ("public", None)):  # fmt: skip
            out = folder / f"{kind}.docx"
            matter_id = None if matter is None else get_matter_by_file_number(library, matter).id
            export_memo(library, MemoOptions(kind=kind, matter_id=matter_id), out)
            written[kind] = out
        return written
    finally:
        library.close()


def main() -> int:
    parser = argparse.ArgumentParser(description="Render the memos of the demo library.")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    parser.add_argument("--library", type=Path, help="use this library instead of a new demo")
    parser.add_argument("--keep", type=Path, help="keep the .docx, PDF and pages here")
    arguments = parser.parse_args()
    work = arguments.keep or Path(tempfile.mkdtemp(prefix="evidence-desk-memos-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        library = arguments.library
        if library is None:
            from evidence_desk.core.demo import build_demo_library

            library = work / "demo-library"
            if not library.exists():
                build_demo_library(library)
        profile = work / "office-profile"
        prepare_profile(profile)
        arguments.out.mkdir(parents=True, exist_ok=True)
        firsts: list[Path] = []
        for kind, docx in export_kinds(library, work).items():
            pdf = to_pdf(profile, docx)
            small = page_images(pdf, 40, work / f"{kind}-small")
            sheet(small, arguments.out / f"memo-{kind}-pages.png", columns=min(len(small), 6))
            large = page_images(pdf, 75, work / f"{kind}-page")
            texts = page_texts(pdf, len(large))
            number = 0
            for name, marker in READING_PAGES[kind]:
                # Each after the last: the table of contents names the headings too.
                found = [i for i, text in enumerate(texts, start=1) if marker in text]
                number = next((i for i in found if i > number), 0)
                if number:
                    target = arguments.out / f"memo-{kind}-{name}.png"
                    shutil.copyfile(large[number - 1], target)
            firsts.append(small[0])
            print(f"{kind}: {len(large)} pages")
        sheet(firsts, arguments.out / "memo-kinds.png", columns=len(firsts))
    finally:
        if arguments.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
