import pytest

from forum import paths, services, threads
from forum.models import Comment
from tests.factories import MemberFactory
from tests.perf import shape


@pytest.fixture
def authors(db):
    return MemberFactory.create_batch(5)


@pytest.fixture
def big(discussion, authors):
    shape.build(discussion, size=500, authors=authors)
    return discussion


def walk(discussion, *, sort=threads.OLDEST, limit=20):
    pages, start = [], None
    while True:
        page = threads.read_page(discussion, sort=sort, start=start, limit=limit)
        pages.append(page)
        if page.next_start is None:
            return pages
        start = page.next_start


def display_order(discussion, sort):
    rows = Comment.objects.filter(discussion=discussion).in_thread()
    if sort == threads.NEWEST:
        return list(
            rows.order_by("-thread_number", "path").values_list("pk", flat=True)
        )
    return list(rows.order_by("path").values_list("pk", flat=True))


def test_read_page_is_one_query_in_display_order(big, django_assert_num_queries):
    with django_assert_num_queries(1):
        page = threads.read_page(big, limit=500)
    assert len(page.comments) == 500
    assert [c.path for c in page.comments] == sorted(c.path for c in page.comments)


def test_read_page_mid_thread_adds_only_trail_and_count_queries(
    big, django_assert_num_queries
):
    deep = Comment.objects.filter(discussion=big, depth=3).order_by("path").first()
    with django_assert_num_queries(3):
        page = threads.read_page(big, limit=5, start=deep.path)
    assert page.trail and page.continues_thread


@pytest.mark.parametrize("sort", threads.SORTS)
def test_walking_every_page_reaches_every_comment_once(big, sort):
    pages = walk(big, sort=sort)
    seen = [c.pk for page in pages for c in page.comments]
    assert seen == display_order(big, sort)
    assert all(0 < len(page.comments) <= 20 for page in pages)
    # The database's collation orders paths exactly as plain strings do.
    walked = [c.path for page in pages for c in page.comments]
    key = (
        (lambda p: p)
        if sort == threads.OLDEST
        else (lambda p: (-paths.thread_number(p), p))
    )
    assert walked == sorted(walked, key=key)


@pytest.mark.parametrize("sort", threads.SORTS)
def test_pages_start_at_top_level_comment_unless_thread_continues(big, sort):
    for page in walk(big, sort=sort):
        first = page.comments[0]
        if first.depth:
            assert page.trail, "a page that starts mid-thread shows where it is"
            assert [a.path for a in page.trail] == paths.ancestors_of(first.path)


def test_cut_thread_reports_how_many_replies_follow(big):
    for page in walk(big):
        if page.continues_thread:
            root = page.next_start[: paths.SEGMENT]
            expected = (
                Comment.objects.filter(discussion=big)
                .in_thread()
                .filter(path__gte=page.next_start, path__lt=paths.subtree_end(root))
                .count()
            )
            assert page.more_in_thread == expected > 0
            break
    else:
        pytest.fail("the benchmark shape always has a thread longer than 20")


def test_newest_sort_reverses_threads_but_keeps_replies_in_order(
    discussion, poster, no_rate_limits
):
    one = services.post_comment(discussion=discussion, author=poster, body="one")
    reply = services.post_comment(
        discussion=discussion, author=poster, body="r", parent=one
    )
    two = services.post_comment(discussion=discussion, author=poster, body="two")
    page = threads.read_page(discussion, sort=threads.NEWEST)
    assert [c.pk for c in page.comments] == [two.pk, one.pk, reply.pk]


@pytest.mark.parametrize("sort", threads.SORTS)
def test_previous_page_ends_where_the_current_page_starts(big, sort):
    pages = walk(big, sort=sort)
    current = pages[3]
    start = threads.start_before(big, sort=sort, end=current.comments[0].path, limit=20)
    previous = threads.read_page(
        big, sort=sort, start=start, end=current.comments[0].path, limit=20
    )
    ordered = display_order(big, sort)
    first = ordered.index(current.comments[0].pk)
    assert [c.pk for c in previous.comments] == ordered[
        first - len(previous.comments) : first
    ]
    assert previous.next_start == current.comments[0].path
    assert 0 < len(previous.comments) <= 20


def test_locate_early_reply_starts_at_its_thread(big):
    reply = Comment.objects.filter(discussion=big, depth=2).order_by("path").first()
    assert threads.locate(reply, limit=100) == reply.path[: paths.SEGMENT]


def test_locate_late_reply_in_long_thread_starts_at_the_comment(big):
    root = "0001"
    in_thread = Comment.objects.filter(discussion=big).in_subtree(root).order_by("path")
    late = list(in_thread)[-1]
    assert in_thread.count() > 20
    start = threads.locate(late, limit=20)
    assert start == late.path
    page = threads.read_page(big, start=start, limit=20)
    assert page.comments[0].pk == late.pk
    assert [a.path for a in page.trail] == paths.ancestors_of(late.path)


def test_every_comment_is_on_the_page_its_permalink_locates(big):
    for comment in Comment.objects.filter(discussion=big).order_by("?")[:40]:
        page = threads.read_page(big, start=threads.locate(comment, limit=20), limit=20)
        assert comment.pk in {c.pk for c in page.comments}


def test_parse_cursor_rejects_malformed_values():
    assert threads.parse_cursor("0001000a") == "0001000a"
    for bad in ("", None, "001", "0001'--", "ZZZZ", "0001 ", "x" * 400):
        assert threads.parse_cursor(bad) is None


def test_decorate_caps_indent_and_names_the_parent(
    discussion, poster, no_rate_limits, settings
):
    settings.CAIRN_COMMENT_MAX_INDENT = 2
    parent = None
    for depth in range(4):
        parent = services.post_comment(
            discussion=discussion, author=poster, body=f"level {depth}", parent=parent
        )
    page = threads.read_page(discussion)
    threads.decorate(page, viewer=poster, badges={poster.pk: "Columnist"})
    assert [c.indent for c in page.comments] == [0, 1, 2, 2]
    assert (
        page.comments[3].show_reply_to
        and page.comments[3].reply_to == poster.display_name
    )
    assert page.comments[0].byline.badge == "Columnist"
    assert page.comments[0].has_replies_here and not page.comments[3].has_replies_here


def test_permalink_to_the_first_comment_has_no_previous_page(discussion, poster):
    only = services.post_comment(discussion=discussion, author=poster, body="Alone")
    page = threads.read_page(discussion, start=threads.locate(only))
    assert page.start == only.path and not page.has_previous and page.is_first


def test_page_inside_a_thread_has_previous_without_asking(
    big, django_assert_num_queries
):
    deep = Comment.objects.filter(discussion=big, depth=2).order_by("path").first()
    with django_assert_num_queries(2):  # the page and its trail
        page = threads.read_page(big, start=deep.path, limit=500)
    assert page.has_previous


def test_later_page_has_previous(big):
    pages = walk(big)
    assert not pages[0].has_previous
    assert all(page.has_previous for page in pages[1:])


def true_reply_count(discussion, comment) -> int:
    return (
        Comment.objects.filter(discussion=discussion)
        .in_thread()
        .in_subtree(comment.path)
        .exclude(pk=comment.pk)
        .count()
    )


@pytest.mark.parametrize("sort", threads.SORTS)
def test_reply_totals_are_the_threads_true_counts_even_when_cut(big, poster, sort):
    cut = 0
    for page in walk(big, sort=sort):
        threads.decorate(page, viewer=poster)
        for comment in page.comments:
            assert comment.reply_total == true_reply_count(big, comment), comment.path
        cut += bool(page.replies_beyond)
    assert cut, "some page must cut a thread for this test to mean anything"


def test_each_top_level_comment_links_to_the_next_thread(
    discussion, poster, no_rate_limits
):
    one = services.post_comment(discussion=discussion, author=poster, body="one")
    services.post_comment(discussion=discussion, author=poster, body="r", parent=one)
    two = services.post_comment(discussion=discussion, author=poster, body="two")
    page = threads.read_page(discussion)
    threads.decorate(page, viewer=poster)
    assert page.comments[0].next_thread == f"comment-{two.pk}"
    assert page.comments[2].next_thread == ""  # the page's end


def test_decorate_gives_every_reply_its_level_and_parent_past_the_indent_cap(
    discussion, poster, no_rate_limits, settings
):
    settings.CAIRN_COMMENT_MAX_INDENT = 1
    parent = None
    for depth in range(4):
        parent = services.post_comment(
            discussion=discussion, author=poster, body=f"level {depth}", parent=parent
        )
    page = threads.read_page(discussion)
    threads.decorate(page, viewer=poster)
    assert [c.level for c in page.comments] == [1, 2, 3, 4]
    assert all(c.reply_to == poster.display_name for c in page.comments[1:])


def test_decorate_offers_reply_only_when_it_can_open(discussion, poster):
    services.post_comment(discussion=discussion, author=poster, body="hello")
    page = threads.read_page(discussion)
    threads.decorate(page, viewer=poster, can_reply=False)
    assert not page.comments[0].can_reply
    threads.decorate(page, viewer=poster)
    assert page.comments[0].can_reply
