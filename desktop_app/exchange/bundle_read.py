"""Opening a bundle: every check, in an order that never trusts what has not yet been verified.

1. the ZIP listing (sizes, names, links, one folder) -- see bundle_archive;
2. the signature over the exact bytes of tagmanifest-sha512.txt;
3. the tag files against the tag manifest; 4. every payload file against the manifest;
5. bag-info.txt, strictly; 6. data/bundle.json, with size and nesting caps.
Whether the signer is trusted is for the caller: it compares `fingerprint` with its trust store.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from desktop_app.exchange.bag import (
    BAG_INFO_TXT,
    BAGIT_TXT,
    BUNDLE_JSON,
    MANIFEST_TXT,
    SIGNATURE_FILE,
    SIGNER_PUB,
    TAG_FILES_ALL,
    TAG_FILES_SIGNED,
    TAGMANIFEST_TXT,
    check_bagit_txt,
    parse_bag_info,
    parse_manifest,
    payload_oxum,
)
from desktop_app.exchange.bundle_archive import DEFAULT_LIMITS, BundleArchive, BundleLimits
from desktop_app.exchange.bundle_errors import DISK_WRITE_ERRNOS, BundleError
from desktop_app.exchange.payload_pass import ATTACHMENTS_FOLDER, payload_pass
from desktop_app.exchange.sshsig import (
    BUNDLE_NAMESPACE,
    SignatureError,
    fingerprint,
    parse_public_key_line,
    verify_sshsig,
)

SUPPORTED_FORMAT_PREFIX = "critical-friend-bundle/"
SUPPORTED_FORMAT_MAJOR = 1
_REQUIRED_INFO = (
    "Source-Organization",
    "Bagging-Date",
    "Payload-Oxum",
    "External-Identifier",
    "Bundle-Type",
    "Bundle-Sequence",
    "Created",
    "Bundle-Format",
)
_MAX_SMALL_FILE = 64 * 1024


@dataclass(frozen=True)
class VerifiedBundle:
    """A bundle whose signature and every hash have been checked (its signer is not yet trusted).

    `root` is the unpacked bag folder when the bundle was unpacked (`open_bundle`), or None when
    it was only verified (`verify_bundle`), in which case payload files are read again from
    `source` (the ZIP) when they are needed, and checked again as they are read.
    `attachment_sha256` maps each `data/attachments/...` file to the SHA-256 (hex) of its
    bytes, computed in the same pass as its SHA-512 when the bundle was unpacked or verified for
    an import (empty otherwise), so an import checks an attachment's name without reading it
    again. `payload_sizes` gives each payload file's size in bytes, as read.
    """

    root: Path | None
    bag_info: dict[str, str]
    signer_public_key: Ed25519PublicKey
    signer_comment: str
    fingerprint: str
    tagmanifest_sha512: str
    external_identifier: str
    bundle_type: str
    sequence: int
    in_response_to: str | None
    document: dict[str, Any]
    payload_files: list[str]
    source: Path | None = None
    payload_sha512: dict[str, str] = field(default_factory=dict)
    attachment_sha256: dict[str, str] = field(default_factory=dict)
    payload_sizes: dict[str, int] = field(default_factory=dict)


def open_bundle(path: Path, workdir: Path, limits: BundleLimits = DEFAULT_LIMITS) -> VerifiedBundle:
    """Verify the bundle at `path` and unpack it under `workdir` (and nowhere else).

    Each payload file is read once: hashed (SHA-512 against the manifest, and SHA-256 for an
    attachment, see `VerifiedBundle.attachment_sha256`) as it is written out. Raises BundleError
    naming the file and the check that failed, or OSError when the disk holding `workdir` is
    full or read-only (the caller words it for its screen); on failure nothing that this call
    unpacked is left behind.
    """
    archive = BundleArchive(Path(path), limits)
    unpack_dir: Path | None = None
    try:
        unpack_dir = Path(tempfile.mkdtemp(prefix="bundle-", dir=workdir))
        return _verify(archive, unpack_dir / archive.top_folder, limits, Path(path))
    except OSError as error:
        if unpack_dir is not None:
            shutil.rmtree(unpack_dir, ignore_errors=True)
        if error.errno in DISK_WRITE_ERRNOS:
            raise
        # e.g. a name too long for this file system
        message = f"The bundle could not be unpacked into the working folder ({error.strerror})."
        raise BundleError(message, None, "workdir") from None
    except BaseException:
        if unpack_dir is not None:
            shutil.rmtree(unpack_dir, ignore_errors=True)
        raise
    finally:
        archive.close()


def verify_bundle(
    path: Path, limits: BundleLimits = DEFAULT_LIMITS, *, attachment_sha256: bool = False
) -> VerifiedBundle:
    """Verify the bundle at `path` without writing anything anywhere.

    Every payload file is hashed as it streams out of the ZIP and then dropped; only
    data/bundle.json (at most `limits.max_json_bytes`) is kept, in memory. So checking a bundle
    from anyone costs at most that much memory and no disk. With `attachment_sha256` (an import
    will keep this very file), each attachment's SHA-256 is taken in the same pass too (see
    `VerifiedBundle.attachment_sha256`). Raises BundleError.
    """
    archive = BundleArchive(Path(path), limits)
    try:
        return _verify(archive, None, limits, Path(path), attachment_sha256)
    except OSError as error:
        raise BundleError(
            f"The bundle file cannot be read ({error.strerror}).", None, "read"
        ) from None
    finally:
        archive.close()


def stream_payload_file(
    bundle: VerifiedBundle, name: str, limits: BundleLimits = DEFAULT_LIMITS
) -> Iterator[bytes]:
    """The bytes of one payload file of a verified bundle, read again and re-checked.

    Raises BundleError if the file no longer has the SHA-512 that was verified (the bundle file
    was changed since), after the last chunk.
    """
    if bundle.root is not None:
        with open(bundle.root / name, "rb") as handle:
            while chunk := handle.read(1024 * 1024):
                yield chunk
        return
    if bundle.source is None or name not in bundle.payload_sha512:
        raise BundleError(f"{name} is not part of this bundle.", name, "missing-file")
    archive = BundleArchive(bundle.source, limits)
    try:
        digest = hashlib.sha512()
        for chunk in archive.stream(name, limits.max_file_bytes):
            digest.update(chunk)
            yield chunk
        if digest.hexdigest() != bundle.payload_sha512[name]:
            raise BundleError(_altered(name), name, "payload-hash")
    finally:
        archive.close()


def _verify(
    archive: BundleArchive,
    root: Path | None,
    limits: BundleLimits,
    source: Path,
    sha256_wanted: bool = False,
) -> VerifiedBundle:
    for required in TAG_FILES_ALL:
        if required not in archive.files:
            raise BundleError(
                f"{required} is missing, so this is not a complete signed bundle.",
                required,
                "missing-file",
            )
    tagmanifest = archive.read_small(TAGMANIFEST_TXT, limits.max_tag_file_bytes)
    signer_key, signer_comment = _check_signature(archive, tagmanifest)
    tag_digests = parse_manifest(tagmanifest, TAGMANIFEST_TXT)
    if set(tag_digests) != set(TAG_FILES_SIGNED):
        raise BundleError(
            "tagmanifest-sha512.txt must list exactly bagit.txt, bag-info.txt, "
            "manifest-sha512.txt and signer.pub.",
            TAGMANIFEST_TXT,
            "tag-manifest-content",
        )
    tag_contents: dict[str, bytes] = {TAGMANIFEST_TXT: tagmanifest}
    for name in TAG_FILES_SIGNED:
        content = archive.read_small(name, limits.max_tag_file_bytes)
        if hashlib.sha512(content).hexdigest() != tag_digests[name]:
            raise BundleError(_altered(name), name, "tag-hash")
        tag_contents[name] = content
    tag_contents[SIGNATURE_FILE] = archive.read_small(SIGNATURE_FILE, _MAX_SMALL_FILE)
    check_bagit_txt(tag_contents[BAGIT_TXT])
    payload_digests = parse_manifest(tag_contents[MANIFEST_TXT], MANIFEST_TXT)
    _check_listing_matches(archive, payload_digests)
    bag_info = parse_bag_info(tag_contents[BAG_INFO_TXT])
    _check_bag_info_fields(bag_info)
    if root is not None:
        root.mkdir()
        for name, content in tag_contents.items():
            (root / name).write_bytes(content)
    names = sorted(payload_digests)
    attachment_sha256: dict[str, str] = {}
    sizes: dict[str, int] = {}
    total = 0
    sha256_wanted = sha256_wanted or root is not None
    payload = [name for name in names if name != BUNDLE_JSON]
    with payload_pass(archive, root, payload, attachment_sha256=sha256_wanted) as files:
        # bundle.json is read, checked and parsed first, while the larger files are hashed on
        # other threads; what it raises is raised in its turn below, as a one-by-one pass would.
        document = _checked_document(archive, payload_digests[BUNDLE_JSON], limits)
        for name in names:
            if name == BUNDLE_JSON:
                json_bytes, size = document.content(), document.size
                if root is not None:
                    (root / "data").mkdir(exist_ok=True)
                    (root / name).write_bytes(json_bytes)
            else:
                checked = files.result(name)
                if checked.sha512 != payload_digests[name]:
                    raise BundleError(_altered(name), name, "payload-hash")
                if sha256_wanted and name.startswith(ATTACHMENTS_FOLDER):
                    attachment_sha256[name] = checked.sha256
                size = checked.size
            sizes[name] = size
            total += size
    _check_bag_info(bag_info, payload_oxum(total, len(payload_digests)))
    return VerifiedBundle(
        root=root,
        bag_info=bag_info,
        signer_public_key=signer_key,
        signer_comment=signer_comment,
        fingerprint=fingerprint(signer_key),
        tagmanifest_sha512=hashlib.sha512(tagmanifest).hexdigest(),
        external_identifier=bag_info["External-Identifier"],
        bundle_type=bag_info["Bundle-Type"],
        sequence=int(bag_info["Bundle-Sequence"]),
        in_response_to=bag_info.get("In-Response-To") or None,
        document=document.parsed(),
        payload_files=names,
        source=source,
        payload_sha512=dict(payload_digests),
        attachment_sha256=attachment_sha256,
        payload_sizes=sizes,
    )


@dataclass
class _Document:
    """data/bundle.json as read: its bytes once its SHA-512 matched the manifest, then its
    parsed object, or the BundleError that reading, the hash or parsing raised (kept to be
    raised at the point of the checks where a one-by-one pass meets it)."""

    read: bytes = b""
    size: int = 0
    read_error: BundleError | None = None
    document: dict[str, Any] | None = None
    parse_error: BundleError | None = None

    def content(self) -> bytes:
        """The verified bytes; raises the reading or hash error."""
        if self.read_error is not None:
            raise self.read_error
        return self.read

    def parsed(self) -> dict[str, Any]:
        """The parsed document; raises the parsing error."""
        if self.parse_error is not None:
            raise self.parse_error
        assert self.document is not None
        return self.document


def _checked_document(archive: BundleArchive, expected: str, limits: BundleLimits) -> _Document:
    """Read data/bundle.json, check its SHA-512 against the manifest's `expected`, then parse it
    (see `_Document`; nothing is raised here)."""
    result = _Document()
    try:
        content = archive.read_small(BUNDLE_JSON, limits.max_json_bytes)
        if hashlib.sha512(content).hexdigest() != expected:
            raise BundleError(_altered(BUNDLE_JSON), BUNDLE_JSON, "payload-hash")
    except BundleError as error:
        result.read_error = error
        return result
    result.read, result.size = content, len(content)
    try:
        result.document = _parse_bundle_json(content, limits)
    except BundleError as error:
        result.parse_error = error
    return result


def _altered(name: str) -> str:
    return f"{name} has been altered since it was signed (its SHA-512 does not match the manifest)."


def _check_signature(archive: BundleArchive, tagmanifest: bytes) -> tuple[Ed25519PublicKey, str]:
    armored = archive.read_small(SIGNATURE_FILE, _MAX_SMALL_FILE)
    try:
        signer_key = verify_sshsig(armored, tagmanifest, BUNDLE_NAMESPACE)
    except SignatureError as error:
        raise BundleError(
            f"The signature does not check out: {error}. The bundle was altered or damaged "
            "after it was signed.",
            SIGNATURE_FILE,
            "signature",
        ) from None
    signer_pub = archive.read_small(SIGNER_PUB, _MAX_SMALL_FILE)
    try:
        shown_key, comment = parse_public_key_line(signer_pub.decode("utf-8"))
    except (SignatureError, UnicodeDecodeError):
        raise BundleError(
            "signer.pub is not an OpenSSH public key line.", SIGNER_PUB, "signer-key"
        ) from None
    if fingerprint(shown_key) != fingerprint(signer_key):
        raise BundleError(
            "signer.pub is not the key that made the signature.", SIGNER_PUB, "signer-key"
        )
    return signer_key, comment


def _check_listing_matches(archive: BundleArchive, payload: dict[str, str]) -> None:
    for name in sorted(payload):
        if not name.startswith("data/"):
            raise BundleError(
                f"manifest-sha512.txt lists {name}, which is not under data/.",
                MANIFEST_TXT,
                "manifest-content",
            )
        if name not in archive.files:
            raise BundleError(
                f"{name} is listed in the manifest but missing from the bundle.",
                name,
                "missing-file",
            )
    if BUNDLE_JSON not in payload:
        raise BundleError(
            "data/bundle.json is missing from the bundle.", BUNDLE_JSON, "missing-file"
        )
    for name in sorted(archive.files):
        if name not in payload and name not in TAG_FILES_ALL:
            raise BundleError(
                f"{name} is in the bundle but not listed in any manifest, so it was not signed.",
                name,
                "unlisted-file",
            )


def _check_bag_info(info: dict[str, str], counted_oxum: str) -> None:
    if info["Payload-Oxum"] != counted_oxum:
        raise BundleError(
            "bag-info.txt gives a Payload-Oxum that does not match the files in the bundle.",
            BAG_INFO_TXT,
            "bag-info",
        )


def _check_bag_info_fields(info: dict[str, str]) -> None:
    for label in _REQUIRED_INFO:
        if not info.get(label):
            raise BundleError(f"bag-info.txt does not give {label}.", BAG_INFO_TXT, "bag-info")
    identifier = info["External-Identifier"]
    try:
        canonical = str(uuid.UUID(identifier))
    except ValueError:
        canonical = ""
    # Only the plain lower-case form: the identifier becomes a file name in the home, so braces,
    # "urn:uuid:" and other spellings uuid.UUID() accepts are refused.
    if canonical != identifier:
        raise BundleError(
            "bag-info.txt gives an External-Identifier that is not a UUID in its plain "
            "lower-case form.",
            BAG_INFO_TXT,
            "bag-info",
        )
    sequence = info["Bundle-Sequence"]
    if not (sequence.isascii() and sequence.isdigit() and len(sequence) < 10):
        raise BundleError(
            "bag-info.txt gives a Bundle-Sequence that is not a whole number.",
            BAG_INFO_TXT,
            "bag-info",
        )
    prefix, _sep, version = info["Bundle-Format"].partition(SUPPORTED_FORMAT_PREFIX)
    major = version.split(".")[0]
    if prefix or not (major.isascii() and major.isdigit()):
        raise BundleError(
            "This is not a Critical Friend bundle (unknown Bundle-Format).",
            BAG_INFO_TXT,
            "bundle-format",
        )
    if int(major) > SUPPORTED_FORMAT_MAJOR:
        raise BundleError(
            "This bundle was made by a newer version of Critical Friend; update to open it.",
            BAG_INFO_TXT,
            "bundle-format",
        )


def _parse_bundle_json(content: bytes, limits: BundleLimits) -> dict[str, Any]:
    if len(content) > limits.max_json_bytes:
        raise BundleError(
            "data/bundle.json is larger than this program accepts.", BUNDLE_JSON, "json"
        )
    try:
        document = json.loads(
            content.decode("utf-8"),
            object_pairs_hook=_object_without_duplicates,
            parse_constant=_refuse_constant,
        )
    except RecursionError:
        raise _too_deep(limits) from None
    except ValueError:
        raise BundleError("data/bundle.json is not valid JSON.", BUNDLE_JSON, "json") from None
    if not isinstance(document, dict):
        raise BundleError("data/bundle.json does not hold a JSON object.", BUNDLE_JSON, "json")
    if _SURROGATE_ESCAPE.search(content) and _has_lone_surrogate(document):
        raise BundleError(
            "data/bundle.json holds text that is not valid Unicode (a lone surrogate escape).",
            BUNDLE_JSON,
            "json-text",
        )
    if _depth(document) > limits.max_json_depth:
        raise _too_deep(limits)
    return document


_SURROGATE = re.compile("[\ud800-\udfff]")
# Strict UTF-8 decoding never yields a surrogate, so one can only come from a JSON escape
# \uD800-\uDFFF: a document without such an escape is not walked (an escaped backslash
# before "ud8.." only costs the walk).
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89abcdefABCDEF]")


def _has_lone_surrogate(value: Any) -> bool:
    """True when any string (key or value) holds a UTF-16 surrogate (JSON's "\\ud800" escape).

    Such text cannot be written as UTF-8 (not to the database, a file or the terminal), so the
    document is refused up front instead of failing half-way through an import.
    """
    stack: list[Any] = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _too_deep(limits: BundleLimits) -> BundleError:
    return BundleError(
        f"data/bundle.json is nested more than {limits.max_json_depth} levels deep.",
        BUNDLE_JSON,
        "json-depth",
    )


def _object_without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise ValueError("duplicate key in a JSON object")
    return result


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in bundle JSON")


def _depth(value: Any) -> int:
    """Nesting depth of lists and objects, measured without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in children if isinstance(child, dict | list))
    return deepest
