"""Writes with more than one effect, used by views, admin, commands and tests.

Every permission and limit on writing is checked here, not in views, so no
entry point (a view, the admin, a command) can skip one. By responsibility:
`standing` (who may write, limits, the text itself), `comments` (posting,
editing, deleting), `places` (a comment's place in the thread as its status
changes), `holding` (pre-moderation and trust), `reports` (members reporting
comments), `moderation` (what moderators do, and its log), `notices`
(telling authors what moderators decided), `disclaimer` (versions and
acceptance), `profile` (display name and bio, and the names given up),
`journeys` (a member's MS journey, and what of it each viewer is shown),
`mentions` (whom an @name in a comment reaches, and the names suggested),
`following` and `notifications` (with their email and digest), `ignoring`
(a member's "Ignore member": what they read and are told), `exports`
(a member's copy of everything Cairn holds about them), and the
other ways to speak: `guests` (a reader's comment confirmed by email) with
`guest_mail` and `guest_records` (taking it back, attaching it, purging),
`anonymity` (posting without one's name, and the logged reveal) and
`questions` (questions for the columnist and their answers); `leaving`
(deleting one's own account, and what of it stays); `two_factor` (who
must sign in with a second step, and who has set it up); `comfort` (the
text size and theme a person reads in, and where they are remembered).
"""

from forum.services.comments import (
    PARENT_GONE,
    CommentGone,
    EditWindowClosed,
    can_delete,
    check_can_edit,
    delete_comment,
    edit_comment,
    open_discussion,
    post_comment,
)
from forum.services.disclaimer import accept_disclaimer, publish_disclaimer
from forum.services.mentions import mentioned_members, participants, suggest
from forum.services.moderation import (
    DISCUSSION_KINDS,
    SUSPENSION_DAYS,
    AlreadyHandled,
    approve_comment,
    approve_comments,
    can_moderate,
    can_suspend,
    check_can_moderate,
    lift_suspension,
    mark_spam,
    moderated_discussions,
    note_comment,
    remove_comment,
    remove_comments,
    restore_comment,
    set_discussion,
    suspend_member,
)
from forum.services.profile import profile_block, update_profile
from forum.services.questions import takes_questions
from forum.services.reports import (
    AlreadyReported,
    check_can_report,
    may_report,
    report_comment,
)
from forum.services.standing import (
    BLOCK_MESSAGES,
    Block,
    DisclaimerNotAccepted,
    RateLimited,
    Standing,
    block_message,
    check_can_post,
    check_rate,
    clean_body,
    discussion_visible_to,
    posting_block,
    viewer_standing,
)

__all__ = [
    "DISCUSSION_KINDS",
    "SUSPENSION_DAYS",
    "AlreadyHandled",
    "AlreadyReported",
    "approve_comment",
    "approve_comments",
    "can_moderate",
    "can_suspend",
    "check_can_moderate",
    "check_can_report",
    "lift_suspension",
    "may_report",
    "mentioned_members",
    "participants",
    "suggest",
    "mark_spam",
    "moderated_discussions",
    "note_comment",
    "remove_comment",
    "remove_comments",
    "report_comment",
    "restore_comment",
    "set_discussion",
    "suspend_member",
    "takes_questions",
    "viewer_standing",
    "BLOCK_MESSAGES",
    "PARENT_GONE",
    "Block",
    "CommentGone",
    "DisclaimerNotAccepted",
    "EditWindowClosed",
    "RateLimited",
    "Standing",
    "accept_disclaimer",
    "block_message",
    "can_delete",
    "check_can_edit",
    "check_can_post",
    "check_rate",
    "clean_body",
    "delete_comment",
    "discussion_visible_to",
    "edit_comment",
    "open_discussion",
    "post_comment",
    "posting_block",
    "profile_block",
    "publish_disclaimer",
    "update_profile",
]
