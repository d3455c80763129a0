import io

import pytest
from pypdf import PdfReader

from baton.boardpack.generation import sheet_names
from baton.boardpack.models import BoardPack
from baton.boardpack.testing import make_pack


@pytest.mark.django_db
def test_smoke(personas):
    pack = make_pack(personas.org, by=personas.ellie)
    assert pack.status == BoardPack.Status.READY, pack.problem
    reader = PdfReader(io.BytesIO(bytes(pack.content.pdf)))
    print(len(reader.pages), pack.content.sheets, pack.content.seconds)
