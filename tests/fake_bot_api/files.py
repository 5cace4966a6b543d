"""Uploaded files: PhotoSize variants, Documents, file_id reuse and getFile paths.

Why: the bot uploads a chart once and then resends ``photo[-1].file_id``; tests need to see that
reuse happen (``reuses``) and a stale or wrong id fail the way Telegram fails it.
"""

from __future__ import annotations

import itertools
import struct
from dataclasses import dataclass, field
from typing import Any

from . import errors
from .errors import ApiError
from .spec import Upload

PHOTO_SIDES = (90, 320, 800, 1280)
_PREFIX = {"photo": "AgACAgQAAxkDAA", "document": "BQACAgQAAxkDAA"}


@dataclass
class FileRecord:
    """An uploaded (or URL-referenced) file; photos keep one record per size."""

    file_id: str
    file_unique_id: str
    kind: str
    data: bytes
    file_name: str = ""
    mime_type: str = ""
    width: int = 0
    height: int = 0
    group: list[str] = field(default_factory=list)

    @property
    def file_path(self) -> str:
        """The path served under ``/file/bot<token>/`` (what getFile returns)."""
        return f"{self.kind}s/{self.file_unique_id}"

    def photo_size(self) -> dict[str, Any]:
        """``PhotoSize`` for one stored size."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "width": self.width,
            "height": self.height,
            "file_size": len(self.data),
        }

    def document(self) -> dict[str, Any]:
        """``Document`` for a stored file."""
        doc: dict[str, Any] = {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.data),
        }
        if self.file_name:
            doc["file_name"] = self.file_name
        if self.mime_type:
            doc["mime_type"] = self.mime_type
        return doc

    def file(self) -> dict[str, Any]:
        """``File`` as getFile returns it."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.data),
            "file_path": self.file_path,
        }


def png_size(data: bytes) -> tuple[int, int] | None:
    """Width/height from a PNG header, so uploaded charts get realistic PhotoSize variants."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return width, height
    return None


class FileStore:
    """All files by file_id, with upload and reuse counters."""

    def __init__(self) -> None:
        self.by_id: dict[str, FileRecord] = {}
        self.uploads = 0
        self.reuses = 0
        self._counter = itertools.count(1)

    def get(self, file_id: str) -> FileRecord | None:
        """The record for a file_id (any size of a photo)."""
        return self.by_id.get(file_id)

    def by_path(self, path: str) -> FileRecord | None:
        """The record served at ``path`` (file downloads)."""
        return next((r for r in self.by_id.values() if r.file_path == path), None)

    def _new(self, kind: str, data: bytes, **extra: Any) -> FileRecord:
        n = next(self._counter)
        file_id = f"{_PREFIX.get(kind, 'CAACAgQAAxk')}{n:06d}-{kind}"
        record = FileRecord(file_id, f"AQAD{n:06d}", kind, data, **extra)
        self.by_id[file_id] = record
        return record

    def _photo(self, data: bytes) -> list[dict[str, Any]]:
        width, height = png_size(data) or (1280, 960)
        records: list[FileRecord] = []
        for side in PHOTO_SIDES:
            scale = min(1.0, side / max(width, height))
            size = {"width": max(1, round(width * scale)), "height": max(1, round(height * scale))}
            records.append(self._new("photo", data, **size))
            if scale == 1.0:
                break
        for record in records:
            record.group = [r.file_id for r in records]
        return [r.photo_size() for r in records]

    def _document(self, value: Upload | str) -> dict[str, Any]:
        if isinstance(value, Upload):
            mime = value.content_type or "application/octet-stream"
            record = self._new("document", value.data, file_name=value.filename, mime_type=mime)
        else:
            record = self._new("document", b"", file_name=value.rsplit("/", 1)[-1])
        return record.document()

    def resolve(self, value: Any, kind: str) -> Any:
        """PhotoSize list / Document for an upload, a URL or a known file_id (a reuse)."""
        if isinstance(value, Upload):
            self.uploads += 1
        if isinstance(value, Upload) or (
            isinstance(value, str) and value.startswith(("http://", "https://"))
        ):
            if kind == "photo":
                return self._photo(value.data if isinstance(value, Upload) else b"")
            return self._document(value)
        record = self.by_id.get(value) if isinstance(value, str) else None
        if record is None:
            raise ApiError(400, errors.WRONG_FILE_ID)
        if record.kind != kind:
            raise ApiError(
                400,
                f"Bad Request: can't use file of type {record.kind.title()} as {kind.title()}",
            )
        self.reuses += 1
        if kind == "photo":
            return [self.by_id[file_id].photo_size() for file_id in record.group]
        return record.document()
