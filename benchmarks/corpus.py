"""Generated corpora for the benchmarks: Bates-stamped discovery PDFs and page text.

The text imitates police paperwork (complaint reports, DD5 follow-ups, arrest reports):
a fixed vocabulary drawn with a Zipf-like skew, so that common words are very common and
most words are rare, as in real productions. Everything is seeded: the same arguments give
the same corpus, which is cached on disk between runs.
"""

from __future__ import annotations

import json
import os
import random
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

_COMMON = [
    "the",
    "of",
    "and",
    "to",
    "a",
    "in",
    "that",
    "was",
    "he",
    "she",
    "it",
    "with",
    "on",
    "for",
    "at",
    "by",
    "his",
    "her",
    "from",
    "they",
    "were",
    "this",
    "had",
    "not",
    "be",
    "or",
    "an",
    "are",
    "which",
    "is",
    "as",
    "but",
    "have",
    "there",
    "been",
    "one",
    "all",
    "their",
    "when",
    "who",
    "would",
    "said",
    "stated",
    "observed",
    "approached",
    "officer",
    "defendant",
    "complainant",
    "undercover",
    "arrest",
    "vehicle",
    "location",
    "precinct",
    "time",
    "date",
    "report",
    "witness",
    "sergeant",
    "detective",
    "police",
]
_DOMAIN = [
    "apprehended",
    "transported",
    "processed",
    "vouchered",
    "property",
    "invoice",
    "narcotics",
    "prostitution",
    "loitering",
    "solicitation",
    "patronizing",
    "sting",
    "operation",
    "backup",
    "field",
    "team",
    "ghost",
    "buy",
    "marked",
    "funds",
    "prerecorded",
    "currency",
    "radio",
    "transmission",
    "lieutenant",
    "captain",
    "command",
    "borough",
    "vice",
    "enforcement",
    "module",
    "tactical",
    "plan",
    "debrief",
    "informant",
    "cooperation",
    "identification",
    "photo",
    "array",
    "lineup",
    "miranda",
    "warnings",
    "custody",
    "interrogation",
    "statement",
    "complaint",
    "follow-up",
    "canvass",
    "surveillance",
    "camera",
    "footage",
    "body-worn",
    "video",
    "recovered",
    "evidence",
    "laboratory",
    "analysis",
    "handcuffed",
    "searched",
    "frisked",
    "strip",
    "search",
    "hotel",
    "room",
    "massage",
    "parlor",
    "street",
    "corner",
    "avenue",
    "boulevard",
    "apartment",
    "lobby",
    "stairwell",
    "rooftop",
    "telephone",
    "cellphone",
    "text",
    "message",
    "voicemail",
    "returned",
    "released",
    "summons",
    "desk",
    "appearance",
    "ticket",
    "arraignment",
    "docket",
    "indictment",
    "grand",
    "jury",
    "testimony",
    "affidavit",
    "warrant",
]
_NAMES = [
    "Smyth",
    "Ortiz",
    "Kell",
    "Ramirez",
    "Chen",
    "Okafor",
    "Rossi",
    "Novak",
    "Haddad",
    "Jensen",
    "Moreau",
    "Tanaka",
    "Silva",
    "Kowalski",
    "Byrne",
    "Mensah",
    "Petrov",
    "Castillo",
    "Nguyen",
    "Dubois",
    "Fischer",
    "Larsen",
    "Moreno",
    "Quinn",
]


def vocabulary(size: int = 6000, seed: int = 7) -> list[str]:
    """Common words first, then domain words and names, then made-up rare words."""
    rng = random.Random(seed)
    words = list(dict.fromkeys(_COMMON + _DOMAIN + [name.lower() for name in _NAMES]))
    letters = "abcdefghijklmnopqrstuvwxyz"
    while len(words) < size:
        word = "".join(rng.choice(letters) for _ in range(rng.randint(4, 10)))
        if word not in words:
            words.append(word)
    return words


class TextGenerator:
    """Pages of report-like text with a Zipf-skewed vocabulary."""

    def __init__(self, seed: int = 1, size: int = 6000) -> None:
        self.rng = random.Random(seed)
        self.words = vocabulary(size)
        self.weights = [1.0 / (rank + 1) ** 1.05 for rank in range(len(self.words))]

    def sentence(self) -> str:
        words = self.rng.choices(self.words, self.weights, k=self.rng.randint(8, 18))
        if self.rng.random() < 0.3:
            words.insert(self.rng.randrange(len(words)), f"P.O. {self.rng.choice(_NAMES)}")
        if self.rng.random() < 0.15:
            words.append(f"shield {self.rng.randint(1000, 99999)}")
        return " ".join(words).capitalize() + "."

    def page(self, lines: int = 38) -> str:
        """About ``lines`` printed lines of text (~450 words)."""
        header = f"COMPLAINT REPORT {self.rng.randint(2019, 2024)}-{self.rng.randint(1, 120):03d}"
        body = " ".join(self.sentence() for _ in range(lines // 2 + 4))
        return header + "\n" + body


def _write_one(arguments: tuple[Path, int, int, str, int]) -> int:
    from reportlab import rl_config

    from tests.files import make_pdf

    # Flate only, as scanners and office software write PDFs; reportlab's default ASCII85
    # layer on top would cost the reader time that real productions do not.
    rl_config.useA85 = 0

    path, seed, pages, prefix, first = arguments
    generator = TextGenerator(seed)
    make_pdf(path, [generator.page() for _ in range(pages)], bates_prefix=prefix, first_bates=first)
    return pages


def discovery_pdfs(
    folder: Path, files: int = 300, min_pages: int = 10, max_pages: int = 40, seed: int = 42
) -> tuple[list[Path], int]:
    """``files`` Bates-stamped PDFs of ``min_pages``-``max_pages`` pages; (paths, pages).

    Generated in parallel once and cached in ``folder`` (a manifest records what is there).
    """
    manifest = folder / "manifest.json"
    wanted = {"files": files, "min_pages": min_pages, "max_pages": max_pages, "seed": seed}
    if manifest.is_file():
        stored = json.loads(manifest.read_text())
        if stored.get("wanted") == wanted:
            return [folder / name for name in stored["names"]], int(stored["pages"])
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    jobs = []
    bates = 1
    for index in range(files):
        pages = rng.randint(min_pages, max_pages)
        prefix = rng.choice(["NYPD", "DEF-", "KCDA_", "CCRB"])
        jobs.append(
            (folder / f"production-{index:04d}.pdf", seed * 100_000 + index, pages, prefix, bates)
        )
        bates += pages
    with ProcessPoolExecutor(os.cpu_count()) as pool:
        total = sum(pool.map(_write_one, jobs, chunksize=4))
    names = [job[0].name for job in jobs]
    manifest.write_text(json.dumps({"wanted": wanted, "names": names, "pages": total}))
    return [job[0] for job in jobs], total


def page_texts(count: int, seed: int = 3) -> Iterator[str]:
    """``count`` page texts for a search library (no PDFs needed)."""
    generator = TextGenerator(seed)
    for _ in range(count):
        yield generator.page()
