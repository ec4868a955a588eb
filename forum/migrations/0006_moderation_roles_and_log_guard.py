"""Moderators get the moderation permissions; members who already wrote
enough become trusted (the hold rules arrive with this release and should
not hold people who have been posting all along); and on PostgreSQL the
moderation log refuses UPDATE and DELETE of its rows, whatever the code
does. (TRUNCATE, a deliberate act of a database owner that the test runner
also uses to empty tables, is left alone.)"""

from django.conf import settings
from django.db import migrations

PERMISSIONS = {
    "moderate_comments": "Can moderate comments and discussions",
    "suspend_members": "Can suspend members",
}
TRIGGER = """
CREATE OR REPLACE FUNCTION forum_moderationaction_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'forum_moderationaction is append-only (%% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER forum_moderationaction_append_only
    BEFORE UPDATE OR DELETE ON forum_moderationaction
    FOR EACH ROW EXECUTE FUNCTION forum_moderationaction_append_only();
"""
DROP_TRIGGER = """
DROP TRIGGER IF EXISTS forum_moderationaction_append_only ON forum_moderationaction;
DROP FUNCTION IF EXISTS forum_moderationaction_append_only();
"""


def grant(apps, schema_editor):
    # Permissions are otherwise created only after all migrations have run;
    # the same rows, made now so that the group can be given them.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    log, _created = ContentType.objects.get_or_create(
        app_label="forum", model="moderationaction"
    )
    moderators, _created = Group.objects.get_or_create(name="Moderators")
    for codename, name in PERMISSIONS.items():
        permission, _created = Permission.objects.get_or_create(
            content_type=log, codename=codename, defaults={"name": name}
        )
        moderators.permissions.add(permission)


def trust_regulars(apps, schema_editor):
    from django.db.models import Count, Q

    Member = apps.get_model("forum", "Member")
    Member.objects.annotate(
        published=Count("comments", filter=Q(comments__status="published"))
    ).filter(published__gte=settings.CAIRN_TRUST_AFTER_APPROVED).update(
        trust="trusted"
    )


def guard_log(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGER)


def unguard_log(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGGER)


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0005_moderation"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(grant, migrations.RunPython.noop),
        migrations.RunPython(trust_regulars, migrations.RunPython.noop),
        migrations.RunPython(guard_log, unguard_log),
    ]
