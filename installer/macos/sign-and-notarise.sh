#!/usr/bin/env bash
# Sign "Critical Friend.app" with a Developer ID Application certificate (hardened runtime), then
# notarise and staple it, so that Gatekeeper opens it on council Macs. Used by
# .github/workflows/installers.yml; the variables come from the repository's secrets.
set -euo pipefail
app="$1"
keychain="$RUNNER_TEMP/signing.keychain-db"
echo "$MACOS_CERT_BASE64" | base64 --decode > "$RUNNER_TEMP/cert.p12"
security create-keychain -p ci "$keychain"
security set-keychain-settings -lut 21600 "$keychain"
security unlock-keychain -p ci "$keychain"
security import "$RUNNER_TEMP/cert.p12" -k "$keychain" -P "$MACOS_CERT_PASSWORD" -T /usr/bin/codesign
security set-key-partition-list -S apple-tool:,apple: -s -k ci "$keychain" >/dev/null
security list-keychains -d user -s "$keychain"
rm "$RUNNER_TEMP/cert.p12"
codesign --force --deep --options runtime --timestamp --sign "$MACOS_SIGNING_IDENTITY" "$app"
codesign --verify --strict --verbose=2 "$app"
ditto -c -k --keepParent "$app" "$RUNNER_TEMP/notarise.zip"
xcrun notarytool submit "$RUNNER_TEMP/notarise.zip" --apple-id "$APPLE_ID" \
  --team-id "$APPLE_TEAM_ID" --password "$APPLE_APP_PASSWORD" --wait
xcrun stapler staple "$app"
