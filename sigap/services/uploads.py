"""Citizens' documents: what is accepted, and where it is kept.

The type is decided by the content, never by the file name or the browser's claim: an
executable renamed to ``.pdf`` is refused. Accepted: PDF, JPEG and PNG (what a phone
camera or a scanner produces). Files are kept under ``PRIVATE_MEDIA_ROOT``, which has
no URL; only ``services.views.document`` serves them, after checking who asks.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

ACCEPTED = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
}
HEAD_BYTES = 8192  # enough for filetype's signatures


@cache
def private_storage() -> FileSystemStorage:
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


@dataclass(frozen=True)
class CheckedFile:
    content: bytes
    content_type: str
    extension: str
    sha256: str
    original_name: str

    @property
    def size(self) -> int:
        return len(self.content)


def check_upload(upload: UploadedFile) -> CheckedFile:
    limit = settings.SIGAP_UPLOAD_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("Berkas terlalu besar (paling besar %(mb)s MB).") % {"mb": limit // (1024 * 1024)},
            code="too_large",
        )
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise ValidationError(
            _("Berkas terlalu besar (paling besar %(mb)s MB).") % {"mb": limit // (1024 * 1024)},
            code="too_large",
        )
    if not content:
        raise ValidationError(_("Berkas kosong."), code="empty")
    kind = filetype.guess(content[:HEAD_BYTES])
    mime = kind.mime if kind else ""
    if mime not in ACCEPTED:
        raise ValidationError(
            _("Jenis berkas tidak diterima: unggah PDF, JPG atau PNG."), code="wrong_type"
        )
    name = (upload.name or "dokumen").rsplit("/", 1)[-1][:200]
    return CheckedFile(
        content=content,
        content_type=mime,
        extension=ACCEPTED[mime],
        sha256=hashlib.sha256(content).hexdigest(),
        original_name=name,
    )


def store(checked: CheckedFile, *, prefix: str) -> str:
    """Save under a name that reveals nothing (the hash), return the storage name."""
    name = f"{prefix}/{checked.sha256[:2]}/{checked.sha256}.{checked.extension}"
    storage = private_storage()
    if not storage.exists(name):
        name = storage.save(name, ContentFile(checked.content))
    return name
