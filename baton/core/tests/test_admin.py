"""The admin site's own pages open for a system administrator: each registered model's list and
add page (a list that names a relation the model no longer has fails only when opened)."""

import pytest
from django.contrib import admin
from django.urls import reverse

from baton.core.testing import make_user


@pytest.mark.django_db
def test_every_admin_list_and_add_page_opens(client, personas):
    superuser = make_user(personas.org, None, username="root-admin", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    for model in admin.site._registry:
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert client.get(url).status_code == 200, url
        add = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        assert add.status_code in (200, 403), f"{url}add/ answered {add.status_code}"
