"""Receipts for expenses: a PDF or a photo (PNG, JPEG, WebP), at most 10 MB, its type checked by
its content (the first bytes, read by `filetype`, as `core.files` does for documents), never by
its name alone. Stored through Django's storage like documents (`core.files.documents_of`), so
the address is unguessable; served only to those who may see the claim."""

from __future__ import annotations

import os
from typing import Any

import filetype
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.deconstruct import deconstructible

from baton.core.files import documents_of

MAX_BYTES = 10 * 1024 * 1024
ALLOWED = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp"}
ALLOWED_TEXT = "PDF or a photo (PNG, JPEG or WebP)"
ACCEPT = ".pdf,.png,.jpg,.jpeg,.webp,application/pdf,image/png,image/jpeg,image/webp"


@deconstructible
class IsReceipt:
    """A receipt Baton accepts: a PDF or an image by its content, at most 10 MB."""

    def __call__(self, file: Any) -> None:
        name = os.path.basename(getattr(file, "name", "") or "") or "The file"
        size = getattr(file, "size", None)
        if size is not None and size > MAX_BYTES:
            raise ValidationError(
                f"'{name}' is {size / 1024 / 1024:,.1f} MB. A receipt can be at most 10 MB.", code="file_size"
            )
        if size == 0:
            raise ValidationError(f"'{name}' is empty. Choose the file again.", code="file_empty")
        if getattr(file, "_committed", False) and not hasattr(file, "content_type"):
            return  # a stored receipt that has not changed is not read again
        position = file.tell() if hasattr(file, "tell") else 0
        try:
            file.seek(0)
            head = file.read(8192)
        finally:
            file.seek(position)
        kind = filetype.guess(head)
        if kind is None or kind.mime not in ALLOWED:
            raise ValidationError(
                f"'{name}' is not a PDF or an image inside. Upload a receipt as a {ALLOWED_TEXT}.", code="file_type"
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, IsReceipt)


class ReceiptField(models.FileField):
    """A receipt upload: the types, size and storage above."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("upload_to", documents_of)
        kwargs.setdefault("max_length", 300)
        kwargs.setdefault("validators", [IsReceipt()])
        kwargs.setdefault("help_text", f"A {ALLOWED_TEXT}, up to 10 MB.")
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        from django import forms

        kwargs.setdefault("widget", forms.FileInput(attrs={"accept": ACCEPT}))
        kwargs.setdefault("error_messages", {"empty": "The file is empty. Choose the file again."})
        return super().formfield(**kwargs)
