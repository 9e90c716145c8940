#!/usr/bin/env bash
# Package "dist/Evidence Desk.app" (made by build.sh on a Mac) as a disk image.
#
#   bash installers/macos/make-dmg.sh VERSION      (build.sh calls it after building)
#
# Checks the .app with its own --self-test, signs it when EVIDENCE_DESK_CODESIGN_IDENTITY
# names a "Developer ID Application" identity in the keychain (otherwise PyInstaller's
# ad-hoc signature stays, and users open it the first time with right-click > Open), and
# writes dist/evidence-desk-VERSION-macos-ARCH.dmg with the app and a link to
# /Applications. To notarize a signed image afterwards:
#   xcrun notarytool submit dist/evidence-desk-*.dmg --keychain-profile PROFILE --wait
#   xcrun stapler staple dist/evidence-desk-*.dmg
#
# OCR of scanned pages uses Tesseract, which is not bundled: users install it with
# `brew install tesseract`. The app finds it in /opt/homebrew/bin or /usr/local/bin even
# when opened from the Finder (whose PATH lacks Homebrew); without it scans are kept and
# marked "needs OCR". See docs/installing-and-building.md.
set -euo pipefail

version="${1:?usage: make-dmg.sh VERSION}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
app="$root/dist/Evidence Desk.app"
dmg="$root/dist/evidence-desk-$version-macos-$(uname -m).dmg"
if [ "$(uname -s)" != Darwin ]; then
  echo "make-dmg.sh: disk images are made on macOS (hdiutil)" >&2
  exit 1
fi
if [ ! -d "$app" ]; then
  echo "make-dmg.sh: build the app first (bash installers/build.sh)" >&2
  exit 1
fi

echo "== Self-test of the .app"
(cd "${TMPDIR:-/tmp}" && QT_QPA_PLATFORM=offscreen "$app/Contents/MacOS/evidence-desk" --self-test)

if [ -n "${EVIDENCE_DESK_CODESIGN_IDENTITY:-}" ]; then
  echo "== Signing with $EVIDENCE_DESK_CODESIGN_IDENTITY"
  codesign --force --deep --options runtime --timestamp \
    --sign "$EVIDENCE_DESK_CODESIGN_IDENTITY" "$app"
  codesign --verify --deep --strict "$app"
fi

echo "== Disk image"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
cp -R "$app" "$stage/"
ln -s /Applications "$stage/Applications"
rm -f "$dmg"
hdiutil create -volname "Evidence Desk $version" -srcfolder "$stage" -fs HFS+ \
  -format UDZO -imagekey zlib-level=9 "$dmg"
if [ -n "${EVIDENCE_DESK_CODESIGN_IDENTITY:-}" ]; then
  codesign --force --sign "$EVIDENCE_DESK_CODESIGN_IDENTITY" "$dmg"
fi
hdiutil verify "$dmg"
echo "Disk image: $dmg ($(du -m "$dmg" | cut -f1) MB)"
