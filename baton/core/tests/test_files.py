"""Uploaded documents (`core.files`): the types, the size, the content behind the name, the path
they are stored under, and the NHS.UK file upload on a page."""

import io
import zipfile

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import engines

from baton.core import files
from baton.core.files import DocumentField, IsDocument, documents_of

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
OLD_WORD = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 100


def docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    "name,content",
    [("paper.pdf", PDF), ("chart.png", PNG), ("minutes.doc", OLD_WORD), ("plan.docx", docx()), ("Plan.PDF", PDF)],
)
def test_documents_baton_accepts(name, content):
    IsDocument()(upload(name, content))


@pytest.mark.parametrize(
    "name,content,says",
    [
        ("setup.exe", PROGRAM, "is not a file type Baton accepts"),
        ("no-extension", PDF, "is not a file type Baton accepts"),
        ("report.pdf", PROGRAM, "does not look like a .pdf file inside"),
        ("photo.png", PDF, "does not look like a .png file inside"),
        ("notes.docx", PDF, "does not look like a .docx file inside"),
        ("empty.pdf", b"", "is empty"),
    ],
)
def test_documents_baton_refuses_say_why(name, content, says):
    with pytest.raises(ValidationError) as refused:
        IsDocument()(upload(name, content))
    message = refused.value.messages[0]
    assert says in message and f"'{name}'" in message
    if says != "is empty":
        assert "Upload a PDF, Word (.doc, .docx), OpenDocument" in message


def test_a_file_over_25_mb_is_refused_with_its_size():
    big = upload("huge.pdf", PDF)
    big.size = files.MAX_BYTES + 1
    with pytest.raises(ValidationError) as refused:
        IsDocument()(big)
    assert refused.value.messages == ["'huge.pdf' is 25.0 MB. The largest file Baton accepts is 25 MB."]
    exactly = upload("limit.pdf", PDF)
    exactly.size = files.MAX_BYTES
    IsDocument()(exactly)


def test_checking_leaves_the_file_where_it_was():
    sent = upload("paper.pdf", PDF)
    sent.seek(3)
    IsDocument()(sent)
    assert sent.tell() == 3


class _Owned:
    def __init__(self, pk):
        self.pk = pk

    def owning_organisation(self):
        return _Owned(self.pk)


def test_documents_are_stored_by_organisation_under_a_random_folder_with_a_safe_name():
    first = documents_of(_Owned(7), "../../etc/Board paper (final).pdf")
    second = documents_of(_Owned(7), "../../etc/Board paper (final).pdf")
    assert first.startswith("documents/7/") and first.endswith("/Board_paper_final.pdf")
    assert ".." not in first and first != second


def test_the_form_offers_only_accepted_types_and_says_so_in_plain_english():
    field = DocumentField().formfield()
    assert isinstance(field.widget, forms.FileInput) and not isinstance(field.widget, forms.ClearableFileInput)
    assert field.widget.attrs["accept"].startswith(".pdf,") and ".exe" not in field.widget.attrs["accept"]
    with pytest.raises(ValidationError) as refused:
        field.clean(None)
    assert refused.value.messages == ["Choose a file to upload"]


def test_the_page_shows_the_nhs_file_upload_with_the_error():
    class PaperForm(forms.Form):
        paper = DocumentField(help_text="The paper as sent to the board.").formfield()

    form = PaperForm(data={}, files={})
    assert not form.is_valid()
    html = (
        engines["jinja2"]
        .env.from_string('{% from "core/forms.jinja" import field %}{{ field(form["paper"]) }}')
        .render(form=form)
    )
    assert 'type="file"' in html and 'accept=".pdf,' in html and "nhsuk-file-upload" in html
    assert "nhsuk-form-group--error" in html and "Choose a file to upload" in html
    assert "The paper as sent to the board." in html
