#!/usr/bin/env bash
# Package dist/critical-friend/ (PyInstaller's folder) as dist/critical-friend_VERSION_ARCH.deb:
# the program in /opt/critical-friend, `critical-friend` on the PATH, the desktop entry with the
# .cfbundle association, the MIME type and the icons under the names the entry uses. Debian's
# shared-mime-info, desktop-file-utils and hicolor-icon-theme triggers refresh their caches.
set -euo pipefail
cd "$(dirname "$0")/.."
version="$1"
arch="$(dpkg --print-architecture)"
stage="build/deb/critical-friend"
icons="build/icons"
rm -rf "$stage"
mkdir -p "$stage/DEBIAN" "$stage/opt" "$stage/usr/bin" "$stage/usr/share/applications" \
  "$stage/usr/share/mime/packages" "$stage/usr/share/icons/hicolor/scalable/apps" \
  "$stage/usr/share/icons/hicolor/scalable/mimetypes" "$stage/usr/share/doc/critical-friend"
cp -a dist/critical-friend "$stage/opt/critical-friend"
ln -s /opt/critical-friend/critical-friend "$stage/usr/bin/critical-friend"
install -m 644 resources/critical-friend.desktop "$stage/usr/share/applications/critical-friend.desktop"
install -m 644 resources/critical-friend-mime.xml "$stage/usr/share/mime/packages/critical-friend.xml"
install -m 644 resources/icons/app.svg "$stage/usr/share/icons/hicolor/scalable/apps/critical-friend.svg"
install -m 644 resources/icons/bundle.svg \
  "$stage/usr/share/icons/hicolor/scalable/mimetypes/application-x-critical-friend-bundle.svg"
for size in 16 32 48 64 128 256 512; do
  dir="$stage/usr/share/icons/hicolor/${size}x${size}"
  mkdir -p "$dir/apps" "$dir/mimetypes"
  install -m 644 "$icons/critical-friend-$size.png" "$dir/apps/critical-friend.png"
  install -m 644 "$icons/critical-friend-bundle-$size.png" \
    "$dir/mimetypes/application-x-critical-friend-bundle.png"
done
install -m 644 README.md "$stage/usr/share/doc/critical-friend/README.md"
size_kb="$(du -sk "$stage" | cut -f1)"
cat > "$stage/DEBIAN/control" <<CONTROL
Package: critical-friend
Version: $version
Section: misc
Priority: optional
Architecture: $arch
Installed-Size: $size_kb
Depends: libc6, libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, libxcb-image0, libxcb-render-util0, libxkbcommon-x11-0, libegl1, libgl1, libfontconfig1
Recommends: shared-mime-info, desktop-file-utils, age, openssh-client
Maintainer: Critical Friend project <critical-friend@example.org>
Description: Self-assessment, case-file audit and signed peer challenge
 Critical Friend is an offline desktop program for English councils' children's
 services: self-assessments, Ofsted-style case-file audits, and signed bundles
 that peer councils verify, review and answer.
CONTROL
out="dist/critical-friend_${version}_${arch}.deb"
fakeroot dpkg-deb --build -Zgzip -z3 "$stage" "$out" >/dev/null 2>&1 || dpkg-deb --root-owner-group --build -Zgzip -z3 "$stage" "$out" >/dev/null
echo "$out"
