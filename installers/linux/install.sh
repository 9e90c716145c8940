#!/usr/bin/env bash
# Install (or remove) Evidence Desk from this unpacked folder, for one user or system-wide.
#
#   ./install.sh                    into ~/.local (no root needed)
#   sudo ./install.sh --prefix /usr/local
#   ./install.sh --uninstall [--prefix DIR]
#
# The program goes to PREFIX/lib/evidence-desk, a link PREFIX/bin/evidence-desk points at
# it, and the menu entry and icons go to PREFIX/share. Libraries (your data) are never
# touched: they live in ~/.local/share/evidence-desk (see the README).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
prefix="${HOME}/.local"
action=install
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix)
      prefix="${2:?--prefix needs a folder}"
      shift 2
      ;;
    --uninstall)
      action=uninstall
      shift
      ;;
    *)
      echo "usage: ./install.sh [--prefix DIR] [--uninstall]" >&2
      exit 2
      ;;
  esac
done
prefix="$(mkdir -p "$prefix" && cd "$prefix" && pwd)"
program_dir="$prefix/lib/evidence-desk"
link="$prefix/bin/evidence-desk"
desktop="$prefix/share/applications/evidence-desk.desktop"
icon_sizes=(16 24 32 48 64 128 256 512)

refresh_menus() {
  if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q "$prefix/share/applications" 2>/dev/null || true
  fi
  if command -v gtk-update-icon-cache >/dev/null 2>&1; then
    gtk-update-icon-cache -q -t "$prefix/share/icons/hicolor" 2>/dev/null || true
  fi
}

if [ "$action" = uninstall ]; then
  rm -rf "$program_dir"
  if [ -L "$link" ]; then rm -f "$link"; fi
  rm -f "$desktop" "$prefix/share/icons/hicolor/scalable/apps/evidence-desk.svg"
  for size in "${icon_sizes[@]}"; do
    rm -f "$prefix/share/icons/hicolor/${size}x${size}/apps/evidence-desk.png"
  done
  refresh_menus
  echo "Evidence Desk removed from $prefix (your libraries were not touched)."
  exit 0
fi

if [ ! -x "$here/evidence-desk/evidence-desk" ]; then
  echo "install.sh: run it from the unpacked evidence-desk folder" >&2
  exit 1
fi
mkdir -p "$prefix/lib" "$prefix/bin" "$prefix/share/applications"
staging="$prefix/lib/.evidence-desk.installing"
rm -rf "$staging"
cp -a "$here/evidence-desk" "$staging"
rm -rf "$program_dir"
mv "$staging" "$program_dir"
ln -sfn "$program_dir/evidence-desk" "$link"
sed -e "s|^Exec=.*|Exec=$program_dir/evidence-desk|" \
  -e "s|^TryExec=.*|TryExec=$program_dir/evidence-desk|" \
  "$here/share/applications/evidence-desk.desktop" >"$desktop"
for size in "${icon_sizes[@]}"; do
  target="$prefix/share/icons/hicolor/${size}x${size}/apps"
  mkdir -p "$target"
  cp "$here/share/icons/hicolor/${size}x${size}/apps/evidence-desk.png" "$target/"
done
mkdir -p "$prefix/share/icons/hicolor/scalable/apps"
cp "$here/share/icons/hicolor/scalable/apps/evidence-desk.svg" \
  "$prefix/share/icons/hicolor/scalable/apps/"
refresh_menus
echo "Evidence Desk installed in $program_dir"
echo "  menu entry: $desktop"
echo "  command:    $link   (check it: evidence-desk --self-test)"
if ! command -v tesseract >/dev/null 2>&1; then
  # Scanned pages are read by the system's Tesseract; without it they wait, marked.
  echo "  note: to read scanned pages install Tesseract, e.g."
  echo "        sudo apt install tesseract-ocr tesseract-ocr-eng"
fi
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "  note: $prefix/bin is not on your PATH; start it from the menu or by full path" ;;
esac
