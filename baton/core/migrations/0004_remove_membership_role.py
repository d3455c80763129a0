from django.db import migrations


class Migration(migrations.Migration):
    """Roles now live in RoleAssignment (0003 copied them); a separate migration, so that on
    PostgreSQL the copy is committed before the column goes."""

    dependencies = [
        ("core", "0003_memberships_with_dated_roles"),
    ]

    operations = [
        migrations.RemoveField(model_name="membership", name="role"),
    ]
