"""Images (JPEG, PNG, TIFF): stored and viewable, marked as needing OCR.

The image is opened with Pillow to check that it is what its name says and to count
frames, so that a multi-page fax TIFF gets one page per frame.
"""

from __future__ import annotations

from pathlib import Path

from .extraction import Extraction, mislabelled, unreadable


def extract_image(path: Path, *, name: str = "") -> Extraction:
    try:
        from PIL import Image, UnidentifiedImageError
    except ImportError:  # Pillow comes with reportlab; without it, trust the name
        return Extraction(
            kind="image", status="needs_ocr", reason="an image: its text needs OCR", pages=[""]
        )
    try:
        with Image.open(path) as image:
            frames = int(getattr(image, "n_frames", 1) or 1)
            image.verify()
    except UnidentifiedImageError:
        with path.open("rb") as handle:
            head = handle.read(64)
        return mislabelled("image", name or path.name, head)
    except (OSError, SyntaxError, ValueError) as error:
        return unreadable("image", f"the image is damaged ({error})")
    return Extraction(
        kind="image",
        status="needs_ocr",
        reason="an image: its text needs OCR",
        pages=[""] * frames,
    )
