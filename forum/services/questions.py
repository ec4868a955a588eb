"""Questions for the columnist: a member marks a top-level comment as a
question to the page's author; a reply in its thread by one of the page's
answerers (an article's columnist and its experts:
`host.discussion_answerers()`) answers it, and the asker is told.

A host page takes questions by having `discussion_answerers()`; the engine
knows nothing else of the host. Which pages a member answers on, each kind
of host says through its classmethod `hosts_answered_by(member)`.

Answering, and what undoes it:

- A reply anywhere in a question's thread answers it when it is published
  (posted, or approved out of the hold, or restored) and was written by one
  of the discussion's answerers under their own name. A reply posted
  without the author's name never answers: "Answered by the columnist"
  beside it would say who wrote it.
- The first answer wins, in one `UPDATE ... WHERE answer IS NULL`: two
  answers published at the same moment cannot both claim the question.
- An answer readers can no longer read is no answer. When the answering
  reply leaves the thread (deleted by its author, removed, marked as spam,
  hidden after reports or held again by an edit), the question is answered
  by the earliest other published answer in its thread, if there is one,
  and is otherwise unanswered again: it goes back on the columnist's list.
  If the reply comes back (restored, approved), it answers again, unless
  another answer has taken its place meanwhile.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from forum import paths
from forum.models import Comment, Discussion, Member

# The label a host gives its experts (articles.Article.discussion_badges):
# their answers read "Answered by an expert".
EXPERT = _lazy("Expert")
# Past this, the header says "99+".
WAITING_SHOWN = 99


def answerers(discussion: Discussion) -> dict[int, str] | None:
    """{member id: label} of who answers questions here; None where the
    host page takes no questions."""
    method = getattr(discussion.host, "discussion_answerers", None)
    return method() if method is not None else None


def takes_questions(discussion: Discussion) -> bool:
    return answerers(discussion) is not None


def check_can_ask(discussion: Discussion, parent: Comment | None) -> None:
    if parent is not None:
        raise ValidationError(
            _("Only a new comment, not a reply, can be a question."),
            code="question_reply",
        )
    if not takes_questions(discussion):
        raise ValidationError(
            _("This discussion does not take questions."), code="no_questions"
        )


# --- answering -------------------------------------------------------------


def _may_answer(comment: Comment) -> bool:
    """What can be told without a query: a published reply by a member
    under their own name."""
    return (
        comment.depth > 0
        and comment.status == Comment.Status.PUBLISHED
        and comment.author_id is not None
        and not comment.pseudonym
    )


def _questions_of_thread(comment: Comment) -> QuerySet:
    return Comment.objects.filter(
        discussion_id=comment.discussion_id,
        path=comment.path[: paths.SEGMENT],
        is_question=True,
    )


def record_answer(
    *, comment: Comment, discussion: Discussion | None = None, now=None
) -> bool:
    """`comment` has just been published (posted, approved, restored): if one
    of the discussion's answerers wrote it under their name, it answers the
    question heading its thread, unless that is answered already. Returns
    whether it did. `discussion`: the comment's, when the caller holds it
    (its host and answerers are then read once per request)."""
    if not _may_answer(comment):
        return False
    who = answerers(discussion or comment.discussion)
    if not who or comment.author_id not in who:
        return False
    return bool(
        _questions_of_thread(comment)
        .filter(answer__isnull=True)
        .update(
            answer=comment,
            answered_by_id=comment.author_id,
            answered_at=now or timezone.now(),
        )
    )


def withdraw_answer(*, comment: Comment) -> None:
    """`comment` is leaving the thread (deleted, removed, spam, hidden): if
    it answers a question, the earliest other published answer in the
    thread takes its place, or the question is unanswered again. Call it
    before the comment's row is deleted."""
    if comment.depth == 0:
        return
    question = (
        Comment.objects.filter(answer_id=comment.pk)
        .select_related("discussion")
        .only("pk", "path", "discussion")
        .first()
    )
    if question is None:
        return
    who = answerers(question.discussion) or {}
    replacement = (
        Comment.objects.filter(
            discussion_id=question.discussion_id,
            depth__gt=0,
            status=Comment.Status.PUBLISHED,
            pseudonym="",
            author_id__in=list(who),
        )
        .in_subtree(question.path)
        .exclude(pk=comment.pk)
        .order_by("created_at", "pk")
        .only("pk", "author_id", "created_at")
        .first()
    )
    Comment.objects.filter(pk=question.pk, answer_id=comment.pk).update(
        answer=replacement,
        answered_by_id=replacement.author_id if replacement else None,
        answered_at=replacement.created_at if replacement else None,
    )


def asker_answered_by(comment: Comment) -> int | None:
    """The member whose question `comment` answers (None: it answers none,
    or the asker was a guest). The real author of a question asked without
    their name is told like anyone: only they see the notification."""
    if not _may_answer(comment):
        return None
    return (
        Comment.objects.filter(answer_id=comment.pk, status=Comment.Status.PUBLISHED)
        .values_list("author_id", flat=True)
        .first()
    )


# --- reading ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QuestionState:
    """What a question shows beside it: asked, or answered (by whom, and
    where the answer is)."""

    answered: bool
    label: str
    answer_url: str = ""


def state_of(comment: Comment, badges=None) -> QuestionState | None:
    """A question's state, from its own row and the page's role labels
    (`badges`): no query. None for a comment that is not a question."""
    if not comment.is_question:
        return None
    if comment.answered_at is None or comment.answer_id is None:
        return QuestionState(answered=False, label=_("Question for the columnist"))
    role = (badges or {}).get(comment.answered_by_id)
    if role is None:
        # They no longer answer here (left the experts group, say), or no
        # longer exist (deleted their account, keeping their answer).
        label = _("Answered")
    elif role == str(EXPERT):
        label = _("Answered by an expert")
    else:
        label = _("Answered by the columnist")
    return QuestionState(
        answered=True,
        label=label,
        answer_url=f"/c/{comment.answer_id}/" if comment.answer_id else "",
    )


def asked_in(discussion: Discussion, *, viewer=None) -> QuerySet:
    """The discussion's questions as its "Questions" view lists them:
    published ones (and the viewer's own awaiting review), unanswered first
    (oldest first among them), then answered (latest answered first), with
    their answers."""
    shown = Q(status=Comment.Status.PUBLISHED)
    if viewer is not None and viewer.is_authenticated:
        shown |= Q(status=Comment.Status.PENDING, author_id=viewer.pk)
    rows = (
        Comment.objects.filter(shown, discussion=discussion, is_question=True)
        .select_related("author", "guest", "answer")
        .with_author_moderates()
        .order_by(F("answered_at").desc(nulls_first=True), "created_at", "pk")
    )
    # Whom the viewer ignores, shown collapsed as in the thread.
    return rows.with_author_ignored_by(viewer) if viewer is not None else rows


def answered_discussions(member) -> QuerySet:
    """The discussions whose questions `member` answers: each kind of host
    page names its own (`hosts_answered_by(member)`, e.g. the articles a
    columnist wrote or whose experts group they are in)."""
    if not member.is_authenticated:
        return Discussion.objects.none()
    mine = Q(pk__in=[])
    kinds = Discussion.objects.values("host_type").distinct()
    for kind in ContentType.objects.filter(pk__in=kinds):
        hosts = getattr(kind.model_class(), "hosts_answered_by", None)
        if hosts is not None:
            mine |= Q(host_type=kind, host_id__in=hosts(member))
    return Discussion.objects.filter(mine)


def waiting_for(member: Member) -> QuerySet:
    """The published, unanswered questions in the discussions `member`
    answers, oldest first (not their own: nobody answers themselves)."""
    return (
        Comment.objects.filter(
            discussion__in=answered_discussions(member),
            is_question=True,
            answer__isnull=True,
            status=Comment.Status.PUBLISHED,
        )
        .exclude(author_id=member.pk)
        .order_by("created_at", "pk")
    )


def answers_anywhere(member) -> bool:
    return answered_discussions(member).exists()


def waiting_count(member) -> int:
    """How many questions wait for `member`, counted up to WAITING_SHOWN + 1."""
    ids = waiting_for(member).values("pk")[: WAITING_SHOWN + 1]
    return Comment.objects.filter(pk__in=ids).count()


def questions_per_page() -> int:
    return getattr(settings, "CAIRN_QUESTIONS_PER_PAGE", 20)
