"""`baton manage import_areas`: streamed, idempotent, with a column mapping, bad rows skipped."""

import pytest
from django.core.management import CommandError, call_command

from ..models import AreaLookup

pytestmark = pytest.mark.django_db


def test_areas_load_once_with_mapped_columns_and_bad_rows_skipped(tmp_path, capsys):
    source = tmp_path / "postcodes.csv"
    source.write_text(
        "pcds,lsoa21cd,IMD\nls1 1ab,E01011111,2\nLS2 2CD,E01022222,11\n,E01033333,3\nLS3 3EF,E01044444,\n",
        encoding="utf-8",
    )
    call_command("import_areas", str(source), "--columns", "postcode=pcds,area_code=lsoa21cd,imd_decile=IMD")
    assert "Loaded 2 postcodes; skipped 2 rows." in capsys.readouterr().out
    assert dict(AreaLookup.objects.values_list("postcode", "imd_decile")) == {"LS1 1AB": 2, "LS3 3EF": None}
    source.write_text("pcds,lsoa21cd,IMD\nLS1 1AB,E01011111,4\n", encoding="utf-8")
    call_command("import_areas", str(source), "--columns", "postcode=pcds,area_code=lsoa21cd,imd_decile=IMD")
    assert AreaLookup.objects.count() == 2 and AreaLookup.objects.get(postcode="LS1 1AB").imd_decile == 4


def test_a_file_without_the_columns_is_refused_in_words(tmp_path):
    source = tmp_path / "postcodes.csv"
    source.write_text("postcode,decile\nLS1 1AB,2\n", encoding="utf-8")
    with pytest.raises(CommandError, match="The file has no column imd_decile. Use --columns to map the headings."):
        call_command("import_areas", str(source))
    with pytest.raises(CommandError, match="--columns: say which column holds each of"):
        call_command("import_areas", str(source), "--columns", "colour=red")


def test_an_admin_loads_the_table_from_a_page_and_nobody_else_may(personas, signed_in):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    url = reverse("people:import_areas")
    for name in ("priya", "bea", "pat"):
        assert signed_in(getattr(personas, name)).get(url).status_code == 403, name
    ellie = signed_in(personas.ellie)
    assert "Only an administrator can load the table." in ellie.get(url).content.decode()
    assert ellie.post(url, {}).status_code == 403
    client = signed_in(personas.adam)
    assert client.get(url).status_code == 200
    upload = SimpleUploadedFile("areas.csv", b"pcds,lsoa,imd\nLS1 1AB,E01011111,3\n", content_type="text/csv")
    wrong = client.post(url, {"file": upload, "postcode": "postcode", "area_code": "lsoa", "imd_decile": "imd"})
    assert "The file has no column postcode. Say which columns hold what." in wrong.content.decode()
    upload = SimpleUploadedFile("areas.csv", b"pcds,lsoa,imd\nLS1 1AB,E01011111,3\n", content_type="text/csv")
    sent = client.post(url, {"file": upload, "postcode": "pcds", "area_code": "lsoa", "imd_decile": "imd"}, follow=True)
    assert "Loaded 1 postcode; skipped 0 rows." in sent.content.decode()
    assert AreaLookup.objects.get().imd_decile == 3
    from baton.core.models import AuditEvent

    event = AuditEvent.objects.get(action="import_areas")
    assert (event.actor, event.after["loaded"]) == (personas.adam, 1)
