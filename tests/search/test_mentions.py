import pytest

from forum import services
from forum.models import Treatment
from search.services import comments_mentioning, treatment_query


@pytest.fixture
def lemtrada(db):
    return Treatment.objects.create(
        name="Alemtuzumab", slug="alemtuzumab", other_names="Lemtrada\nCampath"
    )


def test_treatment_query_ors_every_name(lemtrada):
    assert "Campath" in str(treatment_query(lemtrada))


@pytest.mark.django_db
def test_comments_mentioning_finds_any_name_newest_first(
    article, member, accept, lemtrada, no_rate_limits, django_assert_max_num_queries
):
    accept(member)
    discussion = services.open_discussion(host=article)
    older = services.post_comment(
        discussion=discussion, author=member, body="Two years after Campath now."
    )
    newer = services.post_comment(
        discussion=discussion, author=member, body="My lemtrada round went fine."
    )
    services.post_comment(
        discussion=discussion, author=member, body="Nothing about it at all."
    )
    with django_assert_max_num_queries(4):
        found = comments_mentioning(lemtrada)
        assert [c.pk for c in found] == [newer.pk, older.pk]
        assert found[0].byline.name == member.display_name
        assert found[0].discussion.host == article
