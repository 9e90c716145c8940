#!/usr/bin/env bash
# Package dist/evidence-desk/ for Linux and smoke-test the package.
#
#   bash installers/linux/make-tarball.sh VERSION      (build.sh calls it after building)
#
# Makes dist/evidence-desk-VERSION-linux-ARCH.tar.gz holding the bundle, the menu entry,
# the icons in every size and install.sh; then unpacks it in a scratch folder, installs it
# there, runs the installed program's --self-test, checks the menu entry and uninstalls.
# An AppImage is made as well when appimagetool is installed (it needs a download this
# build machine cannot make, so it is skipped here with a message).
set -euo pipefail

version="${1:?usage: make-tarball.sh VERSION}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bundle="$root/dist/evidence-desk"
icons="$root/resources/icons/app"
arch="$(uname -m)"
name="evidence-desk-$version-linux-$arch"
tarball="$root/dist/$name.tar.gz"
if [ ! -x "$bundle/evidence-desk" ]; then
  echo "make-tarball.sh: build the bundle first (bash installers/build.sh)" >&2
  exit 1
fi

stage="$root/build/linux-package"
rm -rf "$stage"
mkdir -p "$stage/$name/share/applications" "$stage/$name/share/icons/hicolor/scalable/apps"
cp -a "$bundle" "$stage/$name/evidence-desk"
cp "$root/installers/linux/evidence-desk.desktop" "$stage/$name/share/applications/"
for png in "$icons"/evidence-desk-*.png; do
  size="$(basename "$png" .png)"
  size="${size#evidence-desk-}"
  mkdir -p "$stage/$name/share/icons/hicolor/${size}x${size}/apps"
  cp "$png" "$stage/$name/share/icons/hicolor/${size}x${size}/apps/evidence-desk.png"
done
cp "$icons/evidence-desk.svg" "$stage/$name/share/icons/hicolor/scalable/apps/"
install -m 755 "$root/installers/linux/install.sh" "$stage/$name/install.sh"
cat >"$stage/$name/README.txt" <<TEXT
Evidence Desk $version for Linux ($arch)

Install for yourself:     ./install.sh
Install for everyone:     sudo ./install.sh --prefix /usr/local
Remove:                   ./install.sh --uninstall   (your libraries are kept)
Run without installing:   ./evidence-desk/evidence-desk
Check this copy works:    ./evidence-desk/evidence-desk --self-test
Try the demo library:     ./evidence-desk/evidence-desk demo
TEXT
rm -f "$tarball"
tar -C "$stage" -czf "$tarball" "$name"
echo "Package: $tarball ($(du -m "$tarball" | cut -f1) MB compressed)"

echo "== Smoke test of the package"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
tar -C "$scratch" -xzf "$tarball"
"$scratch/$name/install.sh" --prefix "$scratch/prefix" >/dev/null
installed="$scratch/prefix/bin/evidence-desk"
"$installed" --version
(cd "$scratch" && env -u PYTHONPATH QT_QPA_PLATFORM=offscreen "$installed" --self-test) \
  | tail -n 1
entry="$scratch/prefix/share/applications/evidence-desk.desktop"
grep -q "^Exec=$scratch/prefix/lib/evidence-desk/evidence-desk$" "$entry"
test -f "$scratch/prefix/share/icons/hicolor/256x256/apps/evidence-desk.png"
if command -v desktop-file-validate >/dev/null 2>&1; then
  desktop-file-validate "$entry"
  echo "Menu entry valid (desktop-file-validate)."
fi
"$scratch/$name/install.sh" --prefix "$scratch/prefix" --uninstall >/dev/null
test ! -e "$installed" && test ! -e "$entry"
echo "Installed, self-tested and uninstalled from the package: ok"

if command -v appimagetool >/dev/null 2>&1; then
  appdir="$root/build/Evidence_Desk.AppDir"
  rm -rf "$appdir"
  mkdir -p "$appdir/usr/lib"
  cp -a "$bundle" "$appdir/usr/lib/evidence-desk"
  cp "$root/installers/linux/evidence-desk.desktop" "$appdir/evidence-desk.desktop"
  cp "$icons/evidence-desk-256.png" "$appdir/evidence-desk.png"
  cp "$icons/evidence-desk-256.png" "$appdir/.DirIcon"
  cat >"$appdir/AppRun" <<'RUN'
#!/bin/sh
here="$(dirname "$(readlink -f "$0")")"
exec "$here/usr/lib/evidence-desk/evidence-desk" "$@"
RUN
  chmod 755 "$appdir/AppRun"
  ARCH="$arch" appimagetool --no-appstream "$appdir" "$root/dist/Evidence_Desk-$version-$arch.AppImage"
  echo "AppImage: $root/dist/Evidence_Desk-$version-$arch.AppImage"
else
  echo "AppImage skipped: appimagetool is not installed (it is not packaged for Debian and"
  echo "cannot be downloaded on this machine); install it and run this script again."
fi
