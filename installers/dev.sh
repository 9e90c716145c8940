#!/usr/bin/env bash
# Set up Evidence Desk from a source checkout, then run it or its tests.
#
#   bash installers/dev.sh run [--demo] [--library PATH]   set up and launch the app
#   bash installers/dev.sh test [PYTEST ARGS...]           set up and run lint + all tests
#   bash installers/dev.sh setup                           set up only
#
# It installs what it needs: Debian packages with apt-get (when missing, as root or with
# sudo) and Python packages into .venv beside this checkout.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
venv="$here/.venv"
python="${PYTHON:-python3}"

# Qt's runtime libraries, PDF tools (benchmark reference), a virtual screen for screenshots,
# LibreOffice to render memos for review (Liberation fonts: metric twins of Times New Roman,
# so court papers lay out as in Word), PostgreSQL for office-mode tests, Tesseract (with
# English) to read scanned pages, binutils for the packaged build (PyInstaller, strip).
debian_packages=(
  libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libfreetype6 libdbus-1-3
  libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxcb-image0 libxcb-render-util0
  libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-xkb1 fonts-dejavu-core fonts-liberation
  poppler-utils xvfb xauth imagemagick tesseract-ocr tesseract-ocr-eng binutils
)
if [ "${1:-}" = "test" ]; then
  debian_packages+=(postgresql)
fi

install_debian_packages() {
  command -v dpkg-query >/dev/null 2>&1 || return 0
  local missing=()
  for package in "${debian_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "Missing Debian packages (install them as root): ${missing[*]}" >&2
      return 0
    fi
  fi
  echo "Installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

install_python_packages() {
  if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
  fi
  local stamp="$venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
  if [ ! -f "$stamp" ]; then
    "$venv/bin/python" -m pip install -q --upgrade pip
    "$venv/bin/python" -m pip install -q -e ".[test,office]"
    rm -f "$venv"/.installed-*
    touch "$stamp"
  fi
}

setup() {
  install_debian_packages
  install_python_packages
}

command="${1:-run}"
shift || true
case "$command" in
  setup)
    setup
    ;;
  run)
    setup
    args=()
    if [ "${1:-}" = "--demo" ]; then
      shift
      demo="${EVIDENCE_DESK_DEMO:-${XDG_DATA_HOME:-$HOME/.local/share}/evidence-desk/demo-library}"
      if [ ! -e "$demo/evidence.db" ]; then
        "$venv/bin/evidence-desk" demo "$demo"
      fi
      args+=(--library "$demo")
    fi
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
      echo "No display found: starting on a virtual screen (xvfb-run)." >&2
      exec xvfb-run -a "$venv/bin/python" -m evidence_desk "${args[@]}" "$@"
    fi
    exec "$venv/bin/python" -m evidence_desk "${args[@]}" "$@"
    ;;
  test)
    setup
    "$venv/bin/ruff" check .
    "$venv/bin/ruff" format --check .
    QT_QPA_PLATFORM=offscreen "$venv/bin/python" -m pytest "$@"
    ;;
  *)
    echo "usage: bash installers/dev.sh run [--demo] | test [PYTEST ARGS] | setup" >&2
    exit 2
    ;;
esac
