"""Bundled resources: found from a source checkout and from a frozen bundle, and complete."""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from evidence_desk import config
from evidence_desk.core.library import MIGRATIONS_DIR

ROOT = Path(__file__).resolve().parents[2]
ICONS = ROOT / "resources" / "icons"
SVG = "{http://www.w3.org/2000/svg}svg"


def test_resources_are_found_in_the_source_checkout() -> None:
    assert config.resource_path("taxonomy.toml") == ROOT / "resources" / "taxonomy.toml"
    assert config.resource_path("icons", "app", "evidence-desk.svg").is_file()


def test_frozen_bundle_resources_come_first(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    bundled = tmp_path / "resources" / "taxonomy.toml"
    bundled.parent.mkdir()
    bundled.write_text("# the bundle's copy\n")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert config.resource_path("taxonomy.toml") == bundled
    # Something the bundle lacks still resolves (to the checkout) rather than failing.
    assert config.resource_path("icons", "app", "evidence-desk.svg").is_file()


def test_migrations_are_plain_files_beside_the_library_module() -> None:
    # Alembic reads env.py and the versions from disk, so the bundle must ship them as
    # files at the same place relative to the library module (see installers/*.spec).
    assert (MIGRATIONS_DIR / "env.py").is_file()
    assert (MIGRATIONS_DIR / "script.py.mako").is_file()
    assert sorted(MIGRATIONS_DIR.glob("versions/0*.py"))
    spec = (ROOT / "installers" / "evidence-desk.spec").read_text(encoding="utf-8")
    assert "evidence_desk/core/migrations" in spec


def test_every_action_icon_is_a_24px_svg_drawn_in_the_text_colour() -> None:
    names = sorted(path.stem for path in (ICONS / "actions").glob("*.svg"))
    assert len(names) >= 20
    for name in names:
        root = ElementTree.parse(ICONS / "actions" / f"{name}.svg").getroot()
        assert root.tag == SVG, name
        assert root.get("viewBox") == "0 0 24 24", name
        if name != "warning":  # the warning sign keeps its signal colours
            assert root.get("stroke") == "currentColor", name


def test_application_icon_in_every_format_the_installers_need() -> None:
    from PIL import Image

    app = ICONS / "app"
    ElementTree.parse(app / "evidence-desk.svg")
    for size in (16, 32, 48, 128, 256, 512):
        with Image.open(app / f"evidence-desk-{size}.png") as image:
            assert image.size == (size, size) and image.mode == "RGBA"
    with Image.open(app / "evidence-desk.ico") as ico:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
    with Image.open(app / "evidence-desk.icns") as icns:
        assert (512, 512, 2) in icns.info["sizes"]


def test_desktop_entry_names_the_program_and_its_icon() -> None:
    entry = (ROOT / "installers" / "linux" / "evidence-desk.desktop").read_text(encoding="utf-8")
    lines = dict(line.split("=", 1) for line in entry.splitlines() if "=" in line)
    assert entry.startswith("[Desktop Entry]")
    assert lines["Type"] == "Application"
    assert lines["Icon"] == "evidence-desk"
    assert lines["Exec"].startswith("evidence-desk")


def test_installer_scripts_parse() -> None:
    """The packaging scripts of every platform are at least well-formed here on Linux."""
    import shutil
    import subprocess

    spec = ROOT / "installers" / "evidence-desk.spec"
    compile(spec.read_text(encoding="utf-8"), str(spec), "exec")
    scripts = sorted((ROOT / "installers").rglob("*.sh"))
    assert {path.name for path in scripts} >= {
        "build.sh",
        "make-tarball.sh",
        "install.sh",
        "make-dmg.sh",
    }
    for script in scripts:
        result = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
        assert result.returncode == 0, f"{script.name}: {result.stderr}"
    packaging = [path for path in scripts if path.name != "dev.sh"]
    if shutil.which("shellcheck"):
        result = subprocess.run(
            ["shellcheck", *[str(path) for path in packaging]], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout
    iss = (ROOT / "installers" / "windows" / "evidence-desk.iss").read_text(encoding="utf-8")
    for section in ("[Setup]", "[Files]", "[Icons]", "[Run]"):
        assert section in iss
    assert 'Source: "dist\\evidence-desk\\*"' in iss


def test_the_user_guide_ships_with_the_program(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Help ▸ User guide reads docs/: from the checkout, the wheel and the bundle alike."""
    assert config.docs_path("index.md") == ROOT / "docs" / "index.md"
    pages = sorted((ROOT / "docs").glob("*.md"))
    assert len(pages) >= 10
    for page in pages:  # every picture a page shows is there
        for picture in re.findall(r"\]\((images/[^)]+)\)", page.read_text(encoding="utf-8")):
            assert (ROOT / "docs" / picture).is_file(), f"{page.name}: {picture}"
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"docs" = "evidence_desk/docs"' in pyproject  # the wheel
    spec = (ROOT / "installers" / "evidence-desk.spec").read_text(encoding="utf-8")
    assert 'plain_files(ROOT / "docs", "docs")' in spec  # the bundle
    bundled = tmp_path / "docs" / "index.md"
    bundled.parent.mkdir()
    bundled.write_text("# the bundle's copy\n")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert config.docs_path("index.md") == bundled
    # Screenshots live with the guide, not among the program's resources.
    assert all("icons" in path.parts for path in (ROOT / "resources").rglob("*.png"))
