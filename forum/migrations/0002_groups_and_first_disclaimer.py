from django.db import migrations

GROUPS = ["Members", "Columnists", "Moderators"]

SUMMARY = (
    "Cairn shares experiences, not medical advice. Talk to your neurologist or "
    "MS nurse before you start, stop or change any treatment."
)
BODY = """\
Cairn shares experiences, not medical advice. The columns, explainers and
comments here are written by people who live with multiple sclerosis, by
those close to them and by writers who explain the research; none of it is a
diagnosis or a treatment plan for you.

Multiple sclerosis differs from one person to the next. Before you start,
stop or change a treatment, talk to your neurologist, MS nurse or pharmacist.
If you have new or sudden symptoms, contact your care team, and in an
emergency call your local emergency number.

Views in columns and comments belong to the people who wrote them, not to
Cairn.
"""
GUIDELINES = """\
**Be kind.** Everyone here is carrying something. Disagree with ideas, never
with people.

**Share your own experience, not instructions.** "This is what happened to me"
helps; "you should stop your medication" can hurt.

**Protect privacy.** Don't post anyone else's health details, and think twice
before sharing your own full name, address or hospital.

**No selling, no sourcing.** No offers to buy, sell or swap medicines, and no
advertising.

**Flag what worries you.** Moderators read every report.
"""


def create(apps, schema_editor):
    from forum.sanitize import render_article

    Group = apps.get_model("auth", "Group")
    for name in GROUPS:
        Group.objects.get_or_create(name=name)
    Disclaimer = apps.get_model("forum", "Disclaimer")
    if not Disclaimer.objects.exists():
        Disclaimer.objects.create(
            version=1,
            summary=SUMMARY,
            body=BODY,
            body_html=render_article(BODY),
            guidelines=GUIDELINES,
            guidelines_html=render_article(GUIDELINES),
        )


def remove(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()
    apps.get_model("forum", "Disclaimer").objects.filter(version=1).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create, remove)]
