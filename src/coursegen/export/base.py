"""What every export shares: the request, the result, the one kind of error, and writing without half files."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Protocol


#: What XML 1.0 cannot hold: control characters other than tab and line ends, surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str | None) -> str | None:
    """`text` without the characters an XML document cannot hold (lxml refuses them): a title with a stray
    control character from a copy and paste still exports, as the site still shows it."""
    return _NOT_XML.sub("", text) if text else text


class ExportError(Exception):
    """A request that cannot be exported (unknown id, unknown language...): one line for the user."""


@dataclass(frozen=True)
class ExportRequest:
    """What to export: `target` is framework, module, course or guideline; `item_id` names the module or
    course; `lang` the language of the texts (the framework's default when None)."""

    target: str
    item_id: str | None = None
    lang: str | None = None
    trainer: bool = False  # the trainer edition (trainer notes included), where the format has one
    options: dict[str, str] = field(default_factory=dict)  # format-specific, e.g. {"delimiter": ";"}


@dataclass
class Export:
    """The exported file's bytes, and notices for the user (e.g. texts shown in the default language)."""

    data: bytes
    notices: list[str] = field(default_factory=list)


class Memo(Protocol):
    """Where an export keeps the bytes of a slow step by the exact input of that step: `memo(parts, make)`
    is `make()`, or the bytes an earlier call with the same `parts` made. The site build passes one that
    keeps them in its cache (see `site/downloads_cache`); the exports know nothing of it."""

    def __call__(self, parts: tuple[str | bytes, ...], make: Callable[[], bytes]) -> bytes: ...


def no_memo(parts: tuple[str | bytes, ...], make: Callable[[], bytes]) -> bytes:
    """The memo that keeps nothing: every call makes its bytes."""
    return make()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder, renamed into place: a reader (or
    a crash) never sees half a file. The folder must exist."""
    path = Path(path)
    if not path.parent.is_dir():
        raise ExportError(f"The folder {path.parent} does not exist: create it first or choose another path.")
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; the file is an ordinary export
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


#: Dates derived from the content fall in 2000-2019: plausible, never in the future, never the clock.
_CONTENT_EPOCH = datetime(2000, 1, 1, tzinfo=timezone.utc)
_CONTENT_SPAN = 20 * 365 * 86400


def export_moment(fingerprint: bytes, earliest: int = 0) -> datetime:
    """When an export says it was made: SOURCE_DATE_EPOCH when set (a build sets it to the last commit's
    time, for a meaningful date), not before `earliest`; else a date in 2000-2019 taken from `fingerprint` (a
    hash of the content), so that it changes with the content and never with the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(max(int(epoch), earliest), tz=timezone.utc)
        except (ValueError, OverflowError, OSError):
            raise ExportError(f"SOURCE_DATE_EPOCH must be a number of seconds, not '{epoch}'.") from None
    return _CONTENT_EPOCH + timedelta(seconds=int.from_bytes(fingerprint[:8], "big") % _CONTENT_SPAN)
