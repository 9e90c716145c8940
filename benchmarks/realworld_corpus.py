"""A real-world-like mix of PDFs, made by the tools that make real productions.

Discovery is rarely one producer's output. This mix has, in one folder:

* LaTeX papers and a long LaTeX report (``pdflatex``: Type 1 fonts, ligatures "ﬁ", "ﬀ",
  hyphenation), when pdflatex is installed (Debian ``texlive-latex-base``); otherwise
  reportlab pages typeset with the ligature characters stand in, and the run says so;
* office documents converted by LibreOffice (``libreoffice --convert-to pdf``), when it is
  installed;
* born-digital, Bates-stamped reports (reportlab), one of them encrypted;
* scans: image-only pages from reportlab and from Pillow's PDF writer, some with a text
  Bates stamp or an invisible label over the image, one mixed with typed pages;
* damaged files: cut-off copies of the above and one with a corrupt content stream.

``realworld_mix(folder)`` builds it once (cached with a manifest) and returns the files
with what each is: ``CorpusFile(path, kind, pages)`` where ``pages`` is the page count the
generator made (None for a damaged file, whose count is whatever can still be read).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.corpus import TextGenerator  # noqa: E402

VERSION = 3  # bump when what is generated changes

# Words LaTeX sets with ligatures, mixed into the text so that searches can miss them.
LIGATURE_WORDS = [
    "differently", "officer", "affidavit", "flight", "efficient", "fifteen", "suffered",
    "official", "identified", "afflicted", "offered", "traffic", "sufficient", "fled",
]  # fmt: skip


@dataclass(frozen=True)
class CorpusFile:
    path: Path
    kind: str  # "latex", "libreoffice", "typed", "encrypted", "scan", "mixed", "damaged"
    pages: int | None


def _paragraphs(generator: TextGenerator, count: int) -> list[str]:
    out = []
    for _ in range(count):
        words = generator.page(lines=10).split()
        for index in range(0, len(words), 17):
            words[index] = generator.rng.choice(LIGATURE_WORDS)
        out.append(" ".join(words))
    return out


def _latex(folder: Path, name: str, pages_of_text: int, seed: int) -> Path | None:
    if shutil.which("pdflatex") is None:
        return None
    generator = TextGenerator(seed)
    body = "\n\n".join(
        (f"\\section{{Part {index + 1}}}\n" if index % 4 == 0 else "") + paragraph
        for index, paragraph in enumerate(_paragraphs(generator, pages_of_text * 3))
    )
    source = (
        "\\documentclass[11pt]{article}\n\\usepackage[margin=1in]{geometry}\n"
        "\\begin{document}\n\\title{Report on " + name + "}\\author{Office of the Inspector}\n"
        "\\maketitle\n" + body.replace("#", "").replace("&", "and") + "\n\\end{document}\n"
    )
    with tempfile.TemporaryDirectory() as work:
        tex = Path(work) / f"{name}.tex"
        tex.write_text(source)
        subprocess.run(
            ["pdflatex", "-interaction=batchmode", "-halt-on-error", tex.name],
            cwd=work,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        target = folder / f"{name}.pdf"
        shutil.copy(Path(work) / f"{name}.pdf", target)
    return target


def _libreoffice(folder: Path, names: list[str], seed: int) -> list[Path]:
    program = shutil.which("libreoffice") or shutil.which("soffice")
    if program is None:
        return []
    from docx import Document

    generator = TextGenerator(seed)
    with tempfile.TemporaryDirectory() as work:
        sources = []
        for index, name in enumerate(names):
            document = Document()
            document.add_heading(f"DD5 follow-up {index + 1}", 1)
            for paragraph in _paragraphs(generator, 6 + 4 * index):
                document.add_paragraph(paragraph)
            table = document.add_table(rows=3, cols=3)
            for row in range(3):
                for column in range(3):
                    table.cell(row, column).text = f"P.O. {generator.rng.randint(1000, 9999)}"
            path = Path(work) / f"{name}.docx"
            document.save(str(path))
            sources.append(str(path))
        subprocess.run(
            [program, "--headless", f"-env:UserInstallation=file://{work}/profile",
             "--convert-to", "pdf", "--outdir", str(folder), *sources],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600,
        )  # fmt: skip
    return [folder / f"{name}.pdf" for name in names]


def _pillow_scan(path: Path, pages: list[list[str]]) -> Path:
    from tests.files import render_scan

    images = [
        render_scan(lines, dpi=150, speckle=0.001, blur=0.4, seed=index).convert("L")  # type: ignore[attr-defined]
        for index, lines in enumerate(pages)
    ]
    images[0].save(path, format="PDF", save_all=True, append_images=images[1:], resolution=150)
    return path


def _page_count(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def realworld_mix(folder: Path) -> tuple[list[CorpusFile], list[str]]:
    """The mix (built once into ``folder``) and notes on what could not be made here."""
    manifest = folder / "manifest.json"
    if manifest.is_file():
        stored = json.loads(manifest.read_text())
        if stored.get("version") == VERSION:
            files = [
                CorpusFile(Path(item["path"]), item["kind"], item["pages"])
                for item in stored["files"]
            ]
            return files, stored["notes"]
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    from tests.files import (
        make_corrupt_stream_pdf,
        make_encrypted_pdf,
        make_ligature_pdf,
        make_pdf,
        make_scanned_pdf,
    )

    files: list[CorpusFile] = []
    notes: list[str] = []
    generator = TextGenerator(11)

    # LaTeX: one long report and short papers.
    latex = [("inspector-report", 180, 1), ("audit-memo", 3, 2), ("training-paper", 2, 3)]
    made = [(_latex(folder, name, pages, seed), name) for name, pages, seed in latex]
    if all(path is not None for path, _name in made):
        files += [CorpusFile(path, "latex", _page_count(path)) for path, _name in made if path]
    else:
        notes.append("pdflatex is not installed: reportlab ligature pages stand in for LaTeX")
        for name, pages, seed in latex:
            text = TextGenerator(seed)
            body = [
                "\n".join(_paragraphs(text, 1)[0][i : i + 90] for i in range(0, 2000, 90))
                .replace("ff", "\ufb00")
                .replace("fi", "\ufb01")
                .replace("fl", "\ufb02")
                for _ in range(pages * 2)
            ]
            path = make_ligature_pdf(folder / f"{name}.pdf", body)
            files.append(CorpusFile(path, "latex", len(body)))

    # LibreOffice conversions.
    office = _libreoffice(folder, ["dd5-follow-up-1", "dd5-follow-up-2", "dd5-follow-up-3"], 5)
    if office:
        files += [CorpusFile(path, "libreoffice", _page_count(path)) for path in office]
    else:
        notes.append("LibreOffice is not installed: no LibreOffice-made PDFs in the mix")

    # Born-digital, Bates-stamped reports, and an encrypted one.
    bates = 1
    for index in range(10):
        pages = 2 + index % 5
        path = make_pdf(
            folder / f"complaint-{index + 1:02d}.pdf",
            [generator.page() for _ in range(pages)],
            bates_prefix="NYPD",
            first_bates=bates,
        )
        bates += pages
        files.append(CorpusFile(path, "typed", pages))
    sealed = make_encrypted_pdf(folder / "sealed-minutes.pdf", ["sealed minutes"] * 3)
    files.append(CorpusFile(sealed, "encrypted", 3))

    # Scans: reportlab and Pillow image-only PDFs, with and without stamps and labels.
    lines = [
        "POLICE DEPARTMENT - COMPLAINT REPORT",
        "The complainant stated that the officer searched her bag without consent.",
        "Property was vouchered at the precinct.",
    ]
    for index in range(4):
        path = make_scanned_pdf(
            folder / f"scan-{index + 1}.pdf",
            [lines] * (1 + index % 3),
            bates_prefix="DEF-" if index % 2 == 0 else None,
            first_bates=100 + 10 * index,
            hidden_label="Background" if index == 3 else None,
            dpi=150,
            speckle=0.001,
        )
        files.append(CorpusFile(path, "scan", 1 + index % 3))
    for index in range(2):
        path = _pillow_scan(folder / f"fax-{index + 1}.pdf", [lines] * (2 + index))
        files.append(CorpusFile(path, "scan", 2 + index))

    # A production that mixes typed pages and a scan.
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for source in (files[-8].path, folder / "scan-3.pdf"):
        for page in PdfReader(source).pages:
            writer.add_page(page)
    mixed = folder / "mixed-production.pdf"
    with mixed.open("wb") as handle:
        writer.write(handle)
    files.append(CorpusFile(mixed, "mixed", _page_count(mixed)))

    # Damaged: cut-off copies and a corrupt stream.
    typeset = [item.path for item in files if item.kind in ("latex", "libreoffice")]
    for source in [*typeset[:3], files[5].path]:
        data = source.read_bytes()
        path = folder / f"cut-{source.name}"
        path.write_bytes(data[: int(len(data) * 0.6)])
        files.append(CorpusFile(path, "damaged", None))
    corrupt = make_corrupt_stream_pdf(folder / "corrupt-stream.pdf")
    files.append(CorpusFile(corrupt, "damaged", None))

    manifest.write_text(
        json.dumps(
            {
                "version": VERSION,
                "files": [{**asdict(item), "path": str(item.path)} for item in files],
                "notes": notes,
            }
        )
    )
    return files, notes


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/realworld-mix")
    corpus, remarks = realworld_mix(target)
    for item in corpus:
        print(f"{item.kind:12} {item.pages!s:>4}  {item.path.name}")
    print(f"{len(corpus)} files, {sum(item.pages or 0 for item in corpus)} pages", *remarks)
