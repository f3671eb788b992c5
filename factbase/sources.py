"""Turn the PATHs given to ``factbase ingest`` into decoded article texts, safely.

``iter_paths`` walks files and directories without raising or looping; ``read_article`` refuses
empty, binary, oversized and undecodable files with one-line ``InputError`` messages and returns
text whose line endings are ``\\n`` and whose C0 controls (bar ``\\n``/``\\t``) are spaces.
Encoding choices and their measurements are in docs/encodings.md.
"""

from __future__ import annotations

import codecs
import datetime as dt
import errno
import json
import logging
import os
import re
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import charset_normalizer

from factbase.errors import InputError
from factbase.records import Metadata

__all__ = [
    "DEFAULT_MAX_BYTES",
    "TEXT_SUFFIXES",
    "SourceFailure",
    "decode_text",
    "detect_encoding",
    "iter_paths",
    "load_sidecar",
    "read_article",
    "source_uri",
]

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 50 * 1024 * 1024  # far above any article; a 40 MB read peaks near 2x its size
TEXT_SUFFIXES = (".txt", ".md")  # what a directory walk picks up (case-insensitive)
SIDECAR_SUFFIX = ".meta.json"
SIDECAR_KEYS = ("title", "author", "published", "publisher", "url")

# Byte-order marks of the wide encodings (UTF-8's is handled with plain UTF-8), longest first:
# the UTF-32 LE mark starts with the UTF-16 LE one.
WIDE_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Magic numbers of files people drop into an article folder by mistake: label -> regex matched
# at offset 0. Short ASCII magics carry their next bytes too so real text never matches them.
BINARY_MAGIC: dict[str, bytes] = {
    "PNG image": rb"\x89PNG\r\n\x1a\n",
    "JPEG image": rb"\xff\xd8\xff",
    "GIF image": rb"GIF8[79]a",
    "WebP image": rb"RIFF.{4}WEBP",
    "TIFF image": rb"II\*\x00|MM\x00\*",
    "PDF document": rb"%PDF-",
    "RTF document": rb"\{\\rtf",
    "ZIP archive (or .docx/.xlsx/.epub)": rb"PK(?:\x03\x04|\x05\x06|\x07\x08)",
    "Microsoft Office document": rb"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    "SQLite database": rb"SQLite\ format\ 3\x00",
    "gzip archive": rb"\x1f\x8b",
    "bzip2 archive": rb"BZh[1-9]1AY&SY",
    "xz archive": rb"\xfd7zXZ\x00",
    "zstd archive": rb"\x28\xb5\x2f\xfd",
    "7-Zip archive": rb"7z\xbc\xaf\x27\x1c",
    "RAR archive": rb"Rar!\x1a\x07",
    "tar archive": rb".{257}ustar",
    "ELF executable": rb"\x7fELF",
    "MP3 audio": rb"ID3[\x02-\x04]\x00",
    "Ogg media": rb"OggS\x00",
    "FLAC audio": rb"fLaC[\x00\x80]",
    "WAV audio": rb"RIFF.{4}WAVE",
    "MP4/QuickTime media": rb".{4}ftyp",
    "Matroska/WebM video": rb"\x1a\x45\xdf\xa3",
}
_MAGIC = re.compile(
    b"|".join(b"(?P<m%d>%s)" % (i, pat) for i, pat in enumerate(BINARY_MAGIC.values())),
    re.DOTALL,
)
_MAGIC_LABELS = {f"m{i}": label for i, label in enumerate(BINARY_MAGIC)}

# C0 controls other than \t \n \v \f \r mark binary data; \v \f (OCR page breaks) and \r are
# text. Counted with bytes.translate (~3 GB/s) rather than a regex (~190 MB/s).
_C0 = bytes(range(32))
_KEEP_NON_C0 = bytes(range(32, 256)) + b"\t\n"  # deleting these leaves C0 bytes bar \t \n
_TEXT_C0 = b"\x0b\x0c\r"
# A share of binary C0 bytes above this is data, not text: random bytes have ~10.5%, prose 0.
# Up to one such byte is always allowed (a DOS end-of-file 0x1A at the end of a tiny file).
CONTROL_SHARE_LIMIT = 0.02

# Whitespace, zero-width characters and BOMs: a file of only these is empty to a reader.
_VISIBLE = re.compile(r"[^\s\u200b-\u200f\u2060\ufeff]")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_CONTROL_BINARY_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f]")

_HIGH_BYTES = bytes(range(128, 256))
_HIGH_RUN = re.compile(rb"[\x80-\xff]+")
_CP1252_ONLY = re.compile(rb"[\x80-\x9f]")

# Western text: accented letters sit alone inside ASCII words ("café", "Außen", Portuguese
# "ação" makes runs of 2), while Cyrillic/Greek/Arabic/CJK bytes come in word-long runs.
# Measured mean run length: tests/articles cp1252/Latin-1 1.0-1.1, Portuguese 1.3; Russian 6.4,
# Arabic 5.1, Greek 4.9.
MAX_WESTERN_MEAN_RUN = 2.0
# Symbols that a Central European code page read as Latin-1 puts inside words ("p³oty" for
# "płoty", "wznosz±" for "wznoszą"); a few in Western text ("m²") are fine, many are not.
_SYMBOL = re.compile(r"[±²³¹¼½¾¶¦¨¸¤×÷¯¬¿]")  # cheap pre-check: most Western text has none
_SYMBOL_IN_WORD = re.compile(r"(?<=[^\W\d_])[±²³¹¼½¾¶¦¨¸¤×÷¯¬¿]|[±³¹¼¾¶¦¨¸¤¯¬](?=[^\W\d_])")
MAX_SYMBOL_IN_WORD_SHARE = 0.05
# charset-normalizer guesses UTF-16/32 for short Latin-1 text ("Le café est fermé." -> utf_16_le);
# text with NUL bytes never reaches it, so those guesses are always wrong.
_CN_EXCLUDED = ["utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be", "utf_7"]
# What a legacy decoding may hold before we call it garbage: C0/C1 controls, private use, U+FFFD.
_UNLIKELY_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ufffd]")
MAX_UNLIKELY_SHARE = 0.01

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, slots=True)
class SourceFailure:
    """A path that cannot be read; ``message`` is one line: what happened, then what to do."""

    path: str
    message: str


# ---------------------------------------------------------------------------- paths


def iter_paths(paths: Sequence[str | Path]) -> Iterator[Path | SourceFailure]:
    """Yield article files under ``paths`` in a stable order, or a SourceFailure per bad path.

    Files named explicitly are taken whatever their extension; directories are walked
    recursively for ``.txt``/``.md`` files (sorted, hidden entries skipped), following
    symbolic links. Each real file is yielded once; nothing here raises for a bad path.
    """
    seen_files: set[tuple[int, int]] = set()
    seen_dirs: set[tuple[int, int]] = set()
    for given in paths:
        path = Path(given)
        failure, st = _stat(path)
        if failure is not None:
            yield failure
        elif st is not None and stat.S_ISDIR(st.st_mode):
            yield from _walk(path, st, seen_files, seen_dirs, ancestors=())
        elif st is not None:
            if path.name.lower().endswith(SIDECAR_SUFFIX):
                # `factbase ingest dir/*` names sidecars too; they are read with their article.
                log.debug("skipping sidecar %s", path)
                continue
            yield from _file(path, st, seen_files)


def _walk(
    directory: Path,
    st: os.stat_result,
    seen_files: set[tuple[int, int]],
    seen_dirs: set[tuple[int, int]],
    ancestors: tuple[tuple[int, int], ...],
) -> Iterator[Path | SourceFailure]:
    key = (st.st_dev, st.st_ino)
    if key in ancestors:
        yield SourceFailure(str(directory), f"symbolic link loop at {directory}. Remove the loop.")
        return
    if key in seen_dirs:  # reached again through another link: already walked
        return
    seen_dirs.add(key)
    try:
        names = sorted(entry.name for entry in os.scandir(directory))
    except PermissionError:
        yield _permission_denied(directory)
        return
    except OSError as exc:
        yield SourceFailure(str(directory), f"cannot list {directory}: {exc.strerror}. Check it.")
        return
    for name in names:
        if name.startswith("."):  # .git, .venv, editor files: never articles
            continue
        path = directory / name
        failure, child = _stat(path)
        if failure is not None:
            yield failure
        elif child is not None and stat.S_ISDIR(child.st_mode):
            yield from _walk(path, child, seen_files, seen_dirs, (*ancestors, key))
        elif child is not None and name.lower().endswith(TEXT_SUFFIXES):
            yield from _file(path, child, seen_files)


def _stat(path: Path) -> tuple[SourceFailure | None, os.stat_result | None]:
    """Stat through symbolic links, turning every failure into a SourceFailure."""
    try:
        return None, os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            target = os.readlink(path)
            return SourceFailure(
                str(path), f"broken symbolic link: {path} -> {target}. Fix or remove the link."
            ), None
        return SourceFailure(str(path), f"no such file or directory: {path}. Check the path."), None
    except PermissionError:
        return _permission_denied(path), None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return SourceFailure(str(path), f"symbolic link loop at {path}. Remove the loop."), None
        return SourceFailure(str(path), f"cannot read {path}: {exc.strerror}. Check it."), None


def _file(
    path: Path, st: os.stat_result, seen: set[tuple[int, int]]
) -> Iterator[Path | SourceFailure]:
    if not stat.S_ISREG(st.st_mode):
        yield SourceFailure(str(path), f"not a regular file: {path}. Give a text file.")
        return
    key = (st.st_dev, st.st_ino)
    if key in seen:  # the same file named twice, or reached through a link
        return
    seen.add(key)
    # os.access answers for the real user: as root it says yes, and root can indeed read it.
    if not os.access(path, os.R_OK):
        yield _permission_denied(path)
        return
    yield path


def _permission_denied(path: Path) -> SourceFailure:
    return SourceFailure(str(path), f"permission denied: {path}. Check its permissions.")


def source_uri(path: Path) -> str:
    """Stable identity of a file source: its resolved absolute POSIX path.

    Resolving symbolic links and the working directory makes the same file ingested from
    another directory, or through a link, the same source.
    """
    # Path.resolve() without the Path objects (a third of its cost): realpath, then a stat of
    # the result so that a symbolic link loop raises as resolve() raises it.
    resolved = os.path.realpath(path)
    try:
        os.stat(resolved)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise RuntimeError(f"Symlink loop from {exc.filename!r}") from None
    return resolved


# ---------------------------------------------------------------------------- reading


def read_article(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Read and decode one article file, or raise InputError saying why it is not one."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise InputError(f"{path}: not a regular file. Give a text file.")
        if st.st_size > max_bytes:
            raise InputError(_too_large(path, st.st_size, max_bytes))
        if st.st_size == 0:
            raise InputError(f"{path}: file is empty. Check that it was saved completely.")
        with open(path, "rb") as handle:
            # One byte past the size stat() gave; read(max_bytes + 1) at once would allocate
            # the whole limit (50 MB) for every file. A file that grew since stat() is read on
            # to one byte past the limit, so it is still refused.
            data = handle.read(st.st_size + 1)
            if len(data) > st.st_size:
                data += handle.read(max_bytes + 1 - len(data))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file or directory. Check the path.") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied. Check its permissions.") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory. Give a text file.") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}. Check it.") from None
    if len(data) > max_bytes:
        raise InputError(_too_large(path, len(data), max_bytes))
    return decode_text(data, str(path))


def _too_large(path: Path, size: int, max_bytes: int) -> str:
    return (
        f"{path}: file is {_size(size)}, above the {_size(max_bytes)} limit. "
        f"Raise the limit with --max-bytes if it really is one article."
    )


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MiB".replace(".0 ", " ")
    if n >= 1024:
        return f"{n / 1024:.1f} KiB".replace(".0 ", " ")
    return f"{n} bytes"


def decode_text(data: bytes, name: str = "<input>") -> str:
    """Decode an article's bytes (see detect_encoding) and normalise line ends and controls."""
    text, _ = _decode(data, name)
    if not _VISIBLE.search(text):
        raise InputError(
            f"{name}: file contains only whitespace. Check that it was saved completely."
        )
    return text


def detect_encoding(data: bytes) -> str:
    """Name the codec read_article would use for ``data``; raise InputError if none fits."""
    return _decode(data, "<input>")[1]


def _decode(data: bytes, name: str) -> tuple[str, str]:
    magic = _MAGIC.match(data)
    if magic is not None and magic.lastgroup is not None:
        raise InputError(_binary(name, _MAGIC_LABELS[magic.lastgroup]))
    for bom, encoding in WIDE_BOMS:
        if data.startswith(bom):
            return _decode_wide(data, len(bom), encoding, name)
    utf8_bom = data.startswith(codecs.BOM_UTF8)
    if utf8_bom:
        data = data[len(codecs.BOM_UTF8) :]
    if b"\x00" in data:
        if _looks_like_bomless_utf16(data):
            raise InputError(f"{name}: UTF-16 text without a byte-order mark. Re-save it as UTF-8.")
        raise InputError(_binary(name, "contains NUL bytes"))
    controls = data.translate(None, _KEEP_NON_C0)
    if controls:
        binary = len(controls) - sum(controls.count(c) for c in _TEXT_C0)
        if binary > 1 and binary > CONTROL_SHARE_LIMIT * len(data):
            raise InputError(_binary(name, "many control bytes"))
    try:
        text, encoding = data.decode("utf-8"), ("utf-8-sig" if utf8_bom else "utf-8")
    except UnicodeDecodeError as exc:
        if utf8_bom:
            raise InputError(
                f"{name}: invalid text encoding: starts with a UTF-8 byte-order mark but byte "
                f"{exc.start + len(codecs.BOM_UTF8)} is not UTF-8. Re-save it as UTF-8."
            ) from None
        text, encoding = _decode_legacy(data, exc, name)
        return _normalise(text), encoding
    # Bytes below 0x20 are the same characters in UTF-8, so no controls means nothing to do.
    return (_normalise(text) if controls else text.lstrip("\ufeff")), encoding


def _decode_wide(data: bytes, skip: int, encoding: str, name: str) -> tuple[str, str]:
    """UTF-16/32 announced by a byte-order mark; NUL bytes are expected here."""
    try:
        text = data[skip:].decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: invalid text encoding: starts with a {encoding.upper()} byte-order mark "
            f"but byte {exc.start + skip} is not {encoding.upper()}. Re-save it as UTF-8."
        ) from None
    binary = len(_CONTROL_BINARY_CHARS.findall(text))
    if binary > 1 and binary > CONTROL_SHARE_LIMIT * len(text):
        raise InputError(_binary(name, "many control characters"))
    return _normalise(text), encoding


def _normalise(text: str) -> str:
    """``\\r\\n``, ``\\r`` to ``\\n``; other C0 controls bar ``\\t`` to spaces; leading BOMs off."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _CONTROL_CHARS.search(text):
        text = _CONTROL_CHARS.sub(" ", text)
    return text.lstrip("\ufeff")


def _looks_like_bomless_utf16(data: bytes) -> bool:
    sample = data[:4096]
    half = max(1, len(sample) // 2)
    return max(sample[0::2].count(0), sample[1::2].count(0)) > 0.4 * half


def _binary(name: str, what: str) -> str:
    return f"{name}: binary file ({what}), not an article. Convert it to text first."


def _decode_legacy(data: bytes, error: UnicodeDecodeError, name: str) -> tuple[str, str]:
    """Bytes that are not UTF-8: damaged UTF-8, Western cp1252/Latin-1, or charset-normalizer."""
    high = len(data) - len(data.translate(None, _HIGH_BYTES))
    # High bytes that form valid UTF-8 sequences. Many of them in a file that fails strict UTF-8
    # means damaged or mixed UTF-8, not a legacy encoding: cp1252 prose almost never has them.
    # ("ignore" drops exactly the invalid bytes; ~1.5 GB/s where a sequence regex did 45 MB/s.)
    in_sequences = len(data.decode("utf-8", "ignore").encode("utf-8")) - (len(data) - high)
    if in_sequences >= 4 and in_sequences * 2 >= high:
        raise InputError(
            f"{name}: invalid text encoding: byte {error.start} is not UTF-8 though most of the "
            f"file is (damaged, or mixed encodings). Re-save it as UTF-8."
        )
    western = _decode_western(data, high)
    if western is not None:
        return western
    best = charset_normalizer.from_bytes(data, cp_exclusion=_CN_EXCLUDED).best()
    if best is not None:
        try:
            text = data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            text = ""
        if text and len(_UNLIKELY_CHARS.findall(text)) <= MAX_UNLIKELY_SHARE * len(text):
            return text, best.encoding
    raise InputError(
        f"{name}: invalid text encoding: not UTF-8 (byte {error.start}) and no legacy "
        f"encoding fits. Re-save it as UTF-8."
    )


def _decode_western(data: bytes, high: int) -> tuple[str, str] | None:
    """cp1252 when its 0x80-0x9F punctuation is used, Latin-1 otherwise, if the text looks Western.

    charset-normalizer misreads short Western text (cp437, cp852, even UTF-16: see
    docs/encodings.md), so this rule goes first and hands everything else on.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:  # 0x81 0x8D 0x8F 0x90 0x9D: not Windows-1252, and C1 in Latin-1
        return None
    runs = len(_HIGH_RUN.findall(data))
    if runs == 0 or high / runs > MAX_WESTERN_MEAN_RUN:
        return None
    if (
        _SYMBOL.search(text)
        and len(_SYMBOL_IN_WORD.findall(text)) > MAX_SYMBOL_IN_WORD_SHARE * high
    ):
        return None
    return text, ("cp1252" if _CP1252_ONLY.search(data) else "latin-1")


# ---------------------------------------------------------------------------- sidecars


def load_sidecar(path: Path) -> Metadata | None:
    """Metadata from ``a.txt.meta.json`` or else ``a.meta.json`` next to ``a.txt``; None if absent.

    The more specific name wins so that ``a.txt`` and ``a.md`` can have different sidecars.
    """
    path = Path(path)
    for sidecar in (path.with_name(path.name + SIDECAR_SUFFIX), path.with_suffix(SIDECAR_SUFFIX)):
        if _is_file(sidecar):
            return _parse_sidecar(sidecar)
    return None


# The errors Path.is_file() answers False to (pathlib's _IGNORED_ERRNOS), and a name too long
# for the file system: an article whose name is within the limit has no sidecar past it.
_IS_FILE_IGNORED = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP, errno.ENAMETOOLONG)


def _is_file(name: Path) -> bool:
    """Path.is_file(), and False for a name too long to exist."""
    try:
        return stat.S_ISREG(os.stat(name).st_mode)
    except OSError as exc:
        if exc.errno not in _IS_FILE_IGNORED:
            raise
        return False
    except ValueError:  # an embedded NUL
        return False


def _parse_sidecar(sidecar: Path) -> Metadata:
    try:
        raw = sidecar.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{sidecar}: not UTF-8 at byte {exc.start}. Re-save it as UTF-8."
        ) from None
    except OSError as exc:
        raise InputError(
            f"{sidecar}: cannot read: {exc.strerror}. Check its permissions."
        ) from None
    try:
        data: Any = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{sidecar}: invalid JSON at line {exc.lineno}, column {exc.colno} ({exc.msg}). "
            f"Fix the sidecar file."
        ) from None
    if not isinstance(data, dict):
        raise InputError(
            f"{sidecar}: expected a JSON object with keys {', '.join(SIDECAR_KEYS)}. "
            f"Fix the sidecar file."
        )
    unknown = sorted(set(data) - set(SIDECAR_KEYS))
    if unknown:  # scrapers add their own fields; a warning still catches a typo such as "date"
        log.warning("%s: ignoring unknown keys %s", sidecar, ", ".join(unknown))
    fields: dict[str, str | None] = {}
    for key in SIDECAR_KEYS:
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError(
                f"{sidecar}: {key} must be a string or null, not {type(value).__name__}. "
                f"Fix the sidecar file."
            )
        fields[key] = (value or "").strip() or None
    return Metadata(
        title=fields["title"],
        author=fields["author"],
        published=_parse_published(fields["published"], sidecar),
        publisher=fields["publisher"],
        url=fields["url"],
    )


def _parse_published(value: str | None, sidecar: Path) -> dt.date | None:
    if value is None:
        return None
    try:
        if not _DATE.fullmatch(value):
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(
            f"{sidecar}: published {value!r} is not a date in YYYY-MM-DD form. "
            f"Fix the sidecar file."
        ) from None
