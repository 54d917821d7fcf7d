"""Bundles: build, sign, verify and unpack them; signing identities, key cards and encryption.

The file-level machinery re-exported here works on bytes, paths and plain dataclasses only (no
database, no Qt). `bundle_document`, `export`, `import_bundle` and `respond` connect it to the
store: what goes into a bundle, and what is kept of one that arrives.
"""

from desktop_app.exchange.bundle_archive import DEFAULT_LIMITS, BundleLimits
from desktop_app.exchange.bundle_errors import BundleError
from desktop_app.exchange.bundle_read import VerifiedBundle, open_bundle
from desktop_app.exchange.bundle_write import (
    BUNDLE_FORMAT,
    BundleWritten,
    PayloadItem,
    write_bundle,
)
from desktop_app.exchange.encryption import (
    EncryptionError,
    NotARecipientError,
    decrypt_file,
    encrypt_file,
    is_age_file,
)
from desktop_app.exchange.key_card import KeyCard, KeyCardError, key_card, parse_key_card
from desktop_app.exchange.keys import Identity, KeyStore, KeyStoreError, keyring_problem
from desktop_app.exchange.sshsig import (
    BUNDLE_NAMESPACE,
    SignatureError,
    fingerprint,
    parse_public_key_line,
    public_key_line,
    sign_sshsig,
    verify_sshsig,
)

__all__ = [
    "BUNDLE_FORMAT",
    "BUNDLE_NAMESPACE",
    "DEFAULT_LIMITS",
    "BundleError",
    "BundleLimits",
    "BundleWritten",
    "EncryptionError",
    "Identity",
    "KeyCard",
    "KeyCardError",
    "KeyStore",
    "KeyStoreError",
    "NotARecipientError",
    "PayloadItem",
    "SignatureError",
    "VerifiedBundle",
    "decrypt_file",
    "encrypt_file",
    "fingerprint",
    "is_age_file",
    "key_card",
    "keyring_problem",
    "open_bundle",
    "parse_key_card",
    "parse_public_key_line",
    "public_key_line",
    "sign_sshsig",
    "verify_sshsig",
    "write_bundle",
]
