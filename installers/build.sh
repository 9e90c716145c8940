#!/usr/bin/env bash
# Build the Evidence Desk bundle for the platform this runs on, check it, and package it.
#
#   bash installers/build.sh              build dist/evidence-desk/, self-test it, package it
#   bash installers/build.sh --no-package build and self-test only
#
# 1. PyInstaller makes the one-folder bundle dist/evidence-desk/ from
#    installers/evidence-desk.spec (on macOS also "dist/Evidence Desk.app").
# 2. On Linux, debug information is stripped from the bundled libraries.
# 3. The bundle's own --self-test runs (offscreen): library, import through worker
#    processes, allegation with citations, both memos, verify, backup/restore, QtPdf and
#    icons. A failing self-test fails the build.
# 4. The unpacked size is printed against the 250 MB target.
# 5. The platform's package is made: Linux a .tar.gz (plus an AppImage when appimagetool is
#    installed), macOS a .dmg, Windows an installer when Inno Setup's iscc is on PATH.
#
# Run it from Git Bash on Windows. It uses .venv beside this checkout (made by
# installers/dev.sh) and installs PyInstaller into it when missing.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
package=1
for argument in "$@"; do
  case "$argument" in
    --no-package) package=0 ;;
    *)
      echo "usage: bash installers/build.sh [--no-package]" >&2
      exit 2
      ;;
  esac
done

case "$(uname -s)" in
  Linux*) platform=linux ;;
  Darwin*) platform=macos ;;
  MINGW* | MSYS* | CYGWIN*) platform=windows ;;
  *)
    echo "build.sh: unknown platform $(uname -s)" >&2
    exit 1
    ;;
esac

if [ "$platform" = windows ]; then
  python="$root/.venv/Scripts/python.exe"
else
  python="$root/.venv/bin/python"
fi
if [ ! -x "$python" ]; then
  if [ "$platform" = windows ]; then
    py -3 -m venv "$root/.venv"  # the Python launcher that python.org's installer adds
    "$python" -m pip install -q -e ".[build,office]"
  else
    bash installers/dev.sh setup
  fi
fi
if ! "$python" -c "import PyInstaller" >/dev/null 2>&1; then
  echo "Installing PyInstaller into .venv"
  "$python" -m pip install -q -e ".[build,office]"
fi
version="$("$python" -c 'import evidence_desk; print(evidence_desk.__version__)')"

echo "== Building Evidence Desk $version for $platform"
started=$SECONDS
"$python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$root/dist" --workpath "$root/build/pyinstaller" \
  installers/evidence-desk.spec
echo "PyInstaller finished in $((SECONDS - started)) s"

bundle="$root/dist/evidence-desk"
case "$platform" in
  windows) program="$bundle/evidence-desk-cli.exe" ;;
  *) program="$bundle/evidence-desk" ;;
esac
if [ ! -x "$program" ]; then
  echo "build.sh: $program was not made" >&2
  exit 1
fi

if [ "$platform" = linux ] && command -v strip >/dev/null 2>&1; then
  # Debug information only (the symbols stay): a Python built from source carries about
  # 17 MB of it in libpython, which no user of the bundle needs.
  find "$bundle" -type f -name '*.so*' -print0 | while IFS= read -r -d '' library; do
    if readelf -S "$library" 2>/dev/null | grep -q '\.debug_info'; then
      strip --strip-debug "$library"
    fi
  done
fi

echo "== Self-test of the bundle"
# No display needed; a clean environment, so nothing from the source checkout is used.
(
  cd "${TMPDIR:-/tmp}"
  env -u PYTHONPATH -u PYTHONHOME QT_QPA_PLATFORM=offscreen "$program" --self-test
)

echo "== Size"
size_mb=$(du -sm "$bundle" | cut -f1)
files=$(find "$bundle" -type f | wc -l | tr -d ' ')
if [ "$size_mb" -le 250 ]; then
  verdict="within the 250 MB target"
else
  verdict="OVER the 250 MB target"
fi
echo "Bundle: $bundle: ${size_mb} MB unpacked in $files files ($verdict)"
du -sm "$bundle"/_internal/PySide6 2>/dev/null | sed 's/^/  of which PySide6 (MB): /' || true

if [ "$package" = 0 ]; then
  exit 0
fi

echo "== Packaging"
case "$platform" in
  linux) bash installers/linux/make-tarball.sh "$version" ;;
  macos) bash installers/macos/make-dmg.sh "$version" ;;
  windows)
    if command -v iscc >/dev/null 2>&1; then
      iscc "/DAppVersion=$version" installers/windows/evidence-desk.iss
    else
      echo "Inno Setup (iscc) is not on PATH: install it from jrsoftware.org, then run"
      echo "  iscc /DAppVersion=$version installers/windows/evidence-desk.iss"
    fi
    ;;
esac
