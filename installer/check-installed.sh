#!/usr/bin/env bash
# Install the Linux package built by `make installer` and check it from where it was installed:
# version, the desktop entry and file type, `demo`, `--smoke-test` (window on the demo data),
# `report`, a bundle opened by path (as a double-click does), and no display = one sentence.
# As root with apt-get (CI) it installs the .deb into the system and removes it afterwards;
# otherwise it unpacks it into a temporary folder. Exits non-zero on the first failed check.
set -euo pipefail
cd "$(dirname "$0")/.."
deb="$(ls -t dist/critical-friend_*.deb | head -1)"
work="$(mktemp -d /tmp/critical-friend-check.XXXXXX)"
installed_here=""
cleanup() {
  if [ -n "$installed_here" ]; then dpkg -r critical-friend >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "installer check FAILED: $*" >&2; exit 1; }
step() { echo "-- $*"; }

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  step "installing $deb with apt-get"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$deb" >"$work/apt.log" 2>&1; then
    apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$deb" >"$work/apt.log" 2>&1 \
      || { cat "$work/apt.log" >&2; fail "apt-get could not install $deb"; }
  fi
  installed_here=1
  prefix=""
  program="/usr/bin/critical-friend"
else
  step "unpacking $deb into $work/root (not root: no system install)"
  dpkg-deb -x "$deb" "$work/root"
  prefix="$work/root"
  program="$prefix/opt/critical-friend/critical-friend"
fi

step "installed files"
desktop="$prefix/usr/share/applications/critical-friend.desktop"
grep -q '^Exec=critical-friend %f$' "$desktop" || fail "the desktop entry does not pass the file (%f)"
grep -q '^MimeType=application/x-critical-friend-bundle;$' "$desktop" || fail "the desktop entry has no MimeType"
grep -q 'application/x-critical-friend-bundle' "$prefix/usr/share/mime/packages/critical-friend.xml" \
  || fail "the MIME type is not installed"
icon="$(sed -n 's/^Icon=//p' "$desktop")"
[ -f "$prefix/usr/share/icons/hicolor/scalable/apps/$icon.svg" ] || fail "icon $icon is not installed"
[ -f "$prefix/usr/share/icons/hicolor/scalable/mimetypes/application-x-critical-friend-bundle.svg" ] \
  || fail "the bundle file icon is not installed"
if [ -z "$prefix" ] && [ -f /usr/share/mime/globs2 ]; then
  grep -q 'application/x-critical-friend-bundle:\*\.cfbundle' /usr/share/mime/globs2 \
    || fail "the MIME database does not know *.cfbundle"
fi
if [ -d "$prefix/opt/critical-friend/_internal/hypothesis" ] || [ -d "$prefix/opt/critical-friend/_internal/mypy" ]; then
  fail "test tools were bundled"
fi

step "critical-friend --version"
"$program" --version

step "no display: one sentence, exit 2"
set +e
env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$program" --home "$work/a" --smoke-test 2>"$work/no-display.txt"
code=$?
set -e
[ "$code" = 2 ] || fail "with no display the window exited $code, not 2"
[ "$(wc -l <"$work/no-display.txt")" = 1 ] || { cat "$work/no-display.txt" >&2; fail "no display is not one sentence"; }
cat "$work/no-display.txt"

export QT_QPA_PLATFORM=offscreen
step "demo"
"$program" --home "$work/a" demo >/dev/null
step "--smoke-test on the demo data"
"$program" --home "$work/a" --smoke-test
step "report"
"$program" --home "$work/a" report --assessment 1 --out "$work/report.pdf" >/dev/null
[ "$(head -c 5 "$work/report.pdf")" = "%PDF-" ] || fail "report did not write a PDF"
step "a bundle opened by path"
export CRITICAL_FRIEND_PASSPHRASE="installer-check-passphrase"
"$program" --home "$work/a" keys init --name "Ann Example" --org "Midthorpe Council" </dev/null >/dev/null 2>&1
"$program" --home "$work/a" export --assessment 1 --no-reports --out "$work/Midthorpe.cfbundle" >/dev/null
"$program" --home "$work/a" keys export-public "$work/midthorpe.card" >/dev/null
# b trusts a's key card first: an unknown signer's bundle is only shown, never stored unasked
"$program" --home "$work/b" keys trust --yes "$work/midthorpe.card" >/dev/null
"$program" --home "$work/b" --smoke-test "$work/Midthorpe.cfbundle"
"$program" --home "$work/b" list bundles | grep -q "Midthorpe Council" || fail "the bundle was not imported"
echo "installer check passed: $deb"
