"""BagIt (RFC 8493) tag files as bundles use them: text formats shared by writer and reader.

Only the subset bundles need: BagIt 1.0, UTF-8 tag files, SHA-512 manifests, and paths from a
safe character set (no percent-encoding is ever needed, so none is accepted).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

from desktop_app.exchange.bundle_errors import BundleError

BAGIT_TXT = "bagit.txt"
BAG_INFO_TXT = "bag-info.txt"
MANIFEST_TXT = "manifest-sha512.txt"
TAGMANIFEST_TXT = "tagmanifest-sha512.txt"
SIGNATURE_FILE = "tagmanifest-sha512.txt.sig"
SIGNER_PUB = "signer.pub"
BUNDLE_JSON = "data/bundle.json"
TAG_FILES_SIGNED = (BAGIT_TXT, BAG_INFO_TXT, MANIFEST_TXT, SIGNER_PUB)
TAG_FILES_ALL = (*TAG_FILES_SIGNED, TAGMANIFEST_TXT, SIGNATURE_FILE)
BAGIT_TXT_CONTENT = b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"

_HEX512 = re.compile(r"[0-9a-f]{128}")
_LABEL = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*")
# Windows' reserved device names (Microsoft, "Naming Files, Paths, and Namespaces"), also with
# the superscript digits Windows treats as digits, CONIN$/CONOUT$, and with an extension or
# trailing spaces before it, which Windows ignores.
_WINDOWS_RESERVED = re.compile(
    r"(CON|PRN|AUX|NUL|CONIN\$|CONOUT\$|COM[0-9\u00b9\u00b2\u00b3]|LPT[0-9\u00b9\u00b2\u00b3])"
    r" *(\..*)?",
    re.IGNORECASE,
)
_FORBIDDEN_IN_NAME = set('\\:*?"<>|%')


def path_problem(path: str) -> str | None:
    """Why `path` (a "/"-separated relative path inside a bag) is unsafe, or None if it is fine.

    Refuses anything that could escape a folder, mean different things on Windows, macOS and
    Linux, or need escaping in a manifest: absolute paths, "..", empty parts, backslashes,
    drive letters, control characters, reserved Windows names, trailing dots or spaces.
    """
    if not path or path.startswith("/") or len(path) > 400:
        return "is absolute, empty or too long"
    if unicodedata.normalize("NFC", path) != path:
        return "is not in normalised Unicode form"
    for part in path.split("/"):
        if part in ("", ".", ".."):
            return "contains an empty, '.' or '..' part"
        if any(ord(ch) < 32 or ord(ch) == 127 for ch in part):
            return "contains a control character"
        if _FORBIDDEN_IN_NAME.intersection(part):
            return "contains a character that is not allowed in file names"
        if part != part.strip() or part.endswith("."):
            return "has a name that starts or ends with a space or ends with a dot"
        if _WINDOWS_RESERVED.fullmatch(part):
            return "uses a name reserved by Windows"
    return None


def manifest_text(entries: Iterable[tuple[str, str]]) -> bytes:
    """`<hex>  <path>` lines (the layout `sha512sum -c` reads), sorted by path."""
    lines = [f"{digest}  {path}\n" for path, digest in sorted(entries)]
    return "".join(lines).encode("utf-8")


def parse_manifest(content: bytes, manifest_name: str) -> dict[str, str]:
    """Map each listed path to its SHA-512 hex; any odd line is refused."""
    text = _decode_tag_file(content, manifest_name)
    entries: dict[str, str] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        if not line:
            continue
        digest, sep, path = line.partition("  ")
        if not sep or not _HEX512.fullmatch(digest):
            raise BundleError(
                f"{manifest_name} line {number} is not a SHA-512 manifest line.",
                manifest_name,
                "manifest-format",
            )
        problem = path_problem(path)
        if problem is not None:
            raise BundleError(
                f"{manifest_name} line {number} lists a path that {problem}.",
                manifest_name,
                "manifest-format",
            )
        if path in entries:
            raise BundleError(
                f"{manifest_name} lists {path} twice.", manifest_name, "manifest-format"
            )
        entries[path] = digest
    return entries


def bag_info_text(fields: Mapping[str, str]) -> bytes:
    """`Label: value` lines in the order given; labels and values are checked first."""
    lines = []
    for label, value in fields.items():
        if not _LABEL.fullmatch(label):
            raise ValueError(f"bag-info label {label!r} is not a simple word-and-dash label")
        if any(ord(ch) < 32 or ord(ch) == 127 for ch in value) or value != value.strip():
            raise ValueError(f"bag-info value for {label} must be one trimmed line of text")
        lines.append(f"{label}: {value}\n")
    return "".join(lines).encode("utf-8")


def parse_bag_info(content: bytes) -> dict[str, str]:
    """Strict reading of bag-info.txt: one `Label: value` per line, no label repeated."""
    text = _decode_tag_file(content, BAG_INFO_TXT)
    fields: dict[str, str] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        if not line:
            continue
        label, sep, value = line.partition(": ")
        if not sep or not _LABEL.fullmatch(label):
            raise BundleError(
                f"bag-info.txt line {number} is not a 'Label: value' line.",
                BAG_INFO_TXT,
                "bag-info-format",
            )
        if value != value.strip() or any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
            raise BundleError(
                f"bag-info.txt line {number} ({label}) has a malformed value.",
                BAG_INFO_TXT,
                "bag-info-format",
            )
        if label in fields:
            raise BundleError(
                f"bag-info.txt gives {label} more than once.", BAG_INFO_TXT, "bag-info-format"
            )
        fields[label] = value
    return fields


def payload_oxum(total_bytes: int, file_count: int) -> str:
    return f"{total_bytes}.{file_count}"


def check_bagit_txt(content: bytes) -> None:
    if content != BAGIT_TXT_CONTENT:
        raise BundleError(
            "bagit.txt is not the BagIt 1.0 declaration this program writes.",
            BAGIT_TXT,
            "bagit-declaration",
        )


def _decode_tag_file(content: bytes, name: str) -> str:
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise BundleError(f"{name} is not UTF-8 text.", name, "tag-file-encoding") from None
    if "\r" in text or (text and not text.endswith("\n")):
        raise BundleError(f"{name} does not use plain line endings.", name, "tag-file-encoding")
    return text
