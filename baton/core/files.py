"""Uploaded documents (board papers, consultation materials, evidence): one field that every area
uses, so the rule is said once.

- **Types**: PDF, Word (.doc, .docx), OpenDocument (.odt, .ods, .odp), images (.png, .jpg, .jpeg,
  .gif, .webp). The name's extension must be one of these *and* the file's first bytes must say the
  same (checked by `filetype`), so a program renamed to `.pdf` is refused.
- **Size**: at most 25 MB.
- **Storage**: through Django's storage API (`STORAGES["default"]`: the disk in development, object
  storage with `BATON_S3_BUCKET`), under `documents/<organisation id>/<year>/<random>/<safe name>`,
  so a name never collides with another and never carries a path.
- **Messages**: plain English, naming what was sent and what is allowed.

Use `DocumentField` on a model; `core.forms.BatonModelForm` and `core.schemas` need nothing more.
`documents_of()` gives the upload path for an organisation-owned record."""

from __future__ import annotations

import os
import secrets
from typing import Any

import filetype
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.text import get_valid_filename

MAX_BYTES = 25 * 1024 * 1024

# Extension -> the types its first bytes may show. Word 2007+ and OpenDocument files are zip
# archives; filetype names the Office and OpenDocument ones where it can, a plain zip otherwise.
_ZIP = {"application/zip"}
ALLOWED: dict[str, set[str]] = {
    "pdf": {"application/pdf"},
    "doc": {"application/msword", "application/x-ole-storage", "application/x-cfb"},
    "docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document"} | _ZIP,
    "odt": {"application/vnd.oasis.opendocument.text"} | _ZIP,
    "ods": {"application/vnd.oasis.opendocument.spreadsheet"} | _ZIP,
    "odp": {"application/vnd.oasis.opendocument.presentation"} | _ZIP,
    "png": {"image/png"},
    "jpg": {"image/jpeg"},
    "jpeg": {"image/jpeg"},
    "gif": {"image/gif"},
    "webp": {"image/webp"},
}
ALLOWED_TEXT = "PDF, Word (.doc, .docx), OpenDocument (.odt, .ods, .odp) or an image (.png, .jpg, .gif, .webp)"
ACCEPT = ",".join(f".{ext}" for ext in ALLOWED)  # for <input type="file" accept="...">

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the header of an old Word (.doc) file


def _sniff(head: bytes) -> str | None:
    if head.startswith(_OLE):
        return "application/x-ole-storage"
    kind = filetype.guess(head)
    return kind.mime if kind else None


@deconstructible
class IsDocument:
    """A file Baton accepts as a document: an allowed extension, matching content, at most 25 MB."""

    def __call__(self, file: Any) -> None:
        name = os.path.basename(getattr(file, "name", "") or "")
        ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if ext not in ALLOWED:
            raise ValidationError(
                f"'{name or 'The file'}' is not a file type Baton accepts. Upload a {ALLOWED_TEXT}.",
                code="file_type",
            )
        size = getattr(file, "size", None)
        if size is not None and size > MAX_BYTES:
            raise ValidationError(
                f"'{name}' is {size / 1024 / 1024:,.1f} MB. The largest file Baton accepts is 25 MB.",
                code="file_size",
            )
        if size == 0:
            raise ValidationError(f"'{name}' is empty. Choose the file again.", code="file_empty")
        # A stored file that has not changed is not read again.
        if getattr(file, "_committed", False) and not hasattr(file, "content_type"):
            return
        position = file.tell() if hasattr(file, "tell") else 0
        try:
            file.seek(0)
            head = file.read(8192)
        finally:
            file.seek(position)
        if _sniff(head) not in ALLOWED[ext]:
            raise ValidationError(
                f"'{name}' does not look like a .{ext} file inside. Upload a {ALLOWED_TEXT}, saved in that format.",
                code="file_content",
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, IsDocument)


def documents_of(instance: models.Model, filename: str) -> str:
    """`documents/<organisation id>/<year>/<random>/<safe name>`: the organisation is the record's
    own (`OrgOwned.owning_organisation()`); the random part keeps two uploads of one name apart and
    makes the address unguessable."""
    organisation = instance.owning_organisation()  # type: ignore[attr-defined]
    safe = get_valid_filename(os.path.basename(filename))[-100:] or "document"
    return f"documents/{organisation.pk}/{timezone.now():%Y}/{secrets.token_hex(8)}/{safe}"


class DocumentField(models.FileField):
    """A document upload: the types, size and storage above. `blank=True` makes it optional."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("upload_to", documents_of)
        kwargs.setdefault("max_length", 300)
        kwargs.setdefault("validators", [IsDocument()])
        kwargs.setdefault("help_text", f"A {ALLOWED_TEXT}, up to 25 MB.")
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        from django import forms

        # A plain file input (no "clear" checkbox: removing a document is deleting its record),
        # offering only the accepted types in the browser's file chooser.
        kwargs.setdefault("widget", forms.FileInput(attrs={"accept": ACCEPT}))
        kwargs.setdefault(
            "error_messages",
            {
                "required": "Choose a file to upload",
                "empty": "The file is empty. Choose the file again.",
                "invalid": "No file was received. Choose the file again.",
                "max_length": "The file's name is too long. Rename it to under 100 characters.",
            },
        )
        return super().formfield(**kwargs)
