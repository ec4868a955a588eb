"""Guest comments: a reader without an account comments with a name and an
email address (CAIRN_GUEST_COMMENTS, and `Discussion.guests_allowed`).

The flow, and its states:

1. `send_guest_comment` checks everything a member's comment is checked
   for that applies to a stranger (the text, watched phrases that refuse,
   the discussion open, visible and taking guests), plus the name (display
   name rules, and it may not read like a member's name or a role), the
   address, the disclaimer ticked, and the rate limits per network (a keyed
   hash of the IP) and per address. It stores a `Guest` row, not a
   comment, and mails a link to the address.
2. The link (`confirmation_token`) is signed and expires after
   CAIRN_GUEST_LINK_LIFETIME. `check_confirmation` reads it without
   changing anything (mail scanners open links): READY, CONFIRMED (already
   used), EXPIRED (the page shows the guest their text to copy), INVALID
   (tampered with or cut short).
3. `confirm` (a POST from the page) creates the comment through the same
   insert as members' comments (forum.services.comments.insert_comment),
   always held for review (`HoldReason.GUEST`), and empties the row's
   text. Confirming twice creates nothing the second time.
4. A moderator approves it like any held comment; readers then see the
   guest's name with a "Guest" label (forum.bylines). Nobody but moderators
   ever sees the address or the IP hash.

Afterwards: replies can be emailed to the guest (forum.services.guest_mail),
the guest may delete their comment with a signed link that never expires
(`delete_guest_comment`; the link is on the "confirmed" page and in every
reply email, never in the confirmation email), a member who signs up with the same verified address may attach the
comments to their account (`attach_guest_comments`), and unconfirmed rows
are purged a few days after their link expired (`purge_expired`, run by
`manage.py purge_guests`).

Threat model: anyone may send, for any address. Nothing a stranger types
reaches a thread, the queue or anyone's inbox but the address owner's
before the address is shown to be theirs; the limits count every row sent,
confirmed or not, so the form cannot be used to flood an inbox.
"""

import enum
import ipaddress
import math
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from forum import paths
from forum.durations import human_wait
from forum.models import Comment, Discussion, Guest, Member
from forum.names import normalize_display_name, validate_display_name
from forum.sanitize import render_comment
from forum.services import guest_mail, holding
from forum.services.comments import (
    PARENT_GONE,
    TOO_DEEP,
    hold,
    insert_comment,
)
from forum.services.standing import (
    RateLimited,
    clean_body,
    discussion_visible_to,
    window_wait,
)

CONFIRM_SALT = "forum.guest-confirm"
IP_SALT = "forum.guest-ip"
EMAIL_MAX_LENGTH = Guest._meta.get_field("email").max_length


def guests_welcome(discussion: Discussion) -> bool:
    """Whether a guest may comment in `discussion` now: guests on for the
    site and the discussion, the discussion open and public."""
    try:
        _check_open(discussion, None)
    except ValidationError:
        return False
    return True


def ip_hash(ip: str) -> str:
    """A keyed hash of a client address (16 hex characters): moderators can
    see that two guests share a network, never the address. An IPv6 address
    counts by its /64, the block one home or phone is given: otherwise each
    of its many addresses would get limits of its own."""
    try:
        address = ipaddress.ip_address((ip or "").strip())
    except ValueError:
        network = ip or ""
    else:
        network = str(address)
        if address.version == 6 and address.ipv4_mapped is None:
            network = str(ipaddress.ip_network(f"{address}/64", strict=False))
        elif address.version == 6:
            network = str(address.ipv4_mapped)
    return salted_hmac(IP_SALT, network, algorithm="sha256").hexdigest()[:16]


def clean_guest_name(name: str) -> str:
    """The name as it is shown, or ValidationError: the display-name rules
    (which refuse staff, roles and the labels Cairn puts on comments), and
    not a name that reads like a member's or one held back for them."""
    name = normalize_display_name(name or "")
    validate_display_name(name)
    if Member.objects.name_taken(name):
        raise ValidationError(
            _(
                "That name belongs to a member of Cairn. Please choose another "
                "(or sign in, if it is yours)."
            ),
            code="taken",
        )
    return name


def clean_guest_email(email: str) -> str:
    email = (email or "").strip().lower()
    if len(email) > EMAIL_MAX_LENGTH:
        raise ValidationError(
            _("Email addresses can be up to %(limit)d characters.")
            % {"limit": EMAIL_MAX_LENGTH},
            code="too_long",
        )
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            _("Please enter your email address, like name@example.org."),
            code="email",
        ) from None
    return email


def _check_open(discussion: Discussion, parent: Comment | None) -> None:
    if not settings.CAIRN_GUEST_COMMENTS or not discussion.guests_allowed:
        raise ValidationError(
            _("Guests cannot comment here. Sign in or sign up to join in."),
            code="guests_off",
        )
    if not discussion_visible_to(discussion, AnonymousUser()):
        raise ValidationError(_("This discussion is not open."), code="not_open")
    if discussion.is_locked:
        raise ValidationError(
            _("This discussion is closed to new comments."), code="locked"
        )
    if parent is not None and (
        parent.discussion_id != discussion.pk
        or parent.status != Comment.Status.PUBLISHED
    ):
        raise ValidationError(PARENT_GONE, code="parent_gone")
    if parent is not None and paths.depth_of(parent.path) + 1 > paths.MAX_DEPTH:
        raise ValidationError(TOO_DEEP, code="too_deep")


def _check_limits(rows, windows: list[tuple[int, int]], now) -> None:
    """RateLimited if `rows` (Guest rows of one network or one address) hold
    as many as a window of `windows` allows."""
    if not windows:
        return
    longest = max(seconds for _count, seconds in windows)
    sent = list(
        rows.sent_since(now - timedelta(seconds=longest))
        .order_by("-created_at")
        .values_list("created_at", flat=True)
    )
    wait = window_wait(sent, windows, now)
    if wait is not None:
        limited = RateLimited(
            _(
                "Cairn takes only a few guest comments from one address at a "
                "time. Please wait %(wait)s and send it again; your text is "
                "kept below."
            )
            % {"wait": human_wait(wait)},
            code="rate_limited",
        )
        limited.retry_after = max(1, math.ceil(wait))
        raise limited


def _count_attempt(hashed: str) -> None:
    """Count a send from network `hashed`, refused or not, in a fixed hour
    (the cache, shared by every web process when REDIS_URL is set);
    RateLimited past CAIRN_GUEST_ATTEMPTS_PER_HOUR."""
    key = f"forum:guest-attempts:{hashed}"
    if cache.add(key, 1, timeout=3600):
        return
    try:
        attempts = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=3600)
        return
    if attempts > settings.CAIRN_GUEST_ATTEMPTS_PER_HOUR:
        limited = RateLimited(
            _(
                "Cairn has had many guest comments from your network in the last "
                "hour. Please wait up to an hour and send it again; your text is "
                "kept below."
            ),
            code="rate_limited",
        )
        limited.retry_after = 3600
        raise limited


@transaction.atomic
def send_guest_comment(
    *,
    discussion: Discussion,
    parent: Comment | None,
    name: str,
    email: str,
    body: str,
    ip: str,
    accepted_disclaimer: bool,
    now=None,
) -> Guest:
    """Store a guest's comment, unconfirmed, and mail the confirmation link
    to `email`. ValidationError (RateLimited for the limits) says what to
    mend, field by field where it can (`error_dict`)."""
    now = now or timezone.now()
    # First whether guests may write here at all, then how often this
    # network tried: only then is a name compared with members' (which
    # says whether a name is a member's), so that cannot be asked at will.
    _check_open(discussion, parent)
    hashed = ip_hash(ip)
    _count_attempt(hashed)
    errors: dict[str, list] = {}
    checks = (
        ("name", lambda: clean_guest_name(name)),
        ("email", lambda: clean_guest_email(email)),
        ("body", lambda: clean_body(body)),
    )
    cleaned = {}
    for field, check in checks:
        try:
            cleaned[field] = check()
        except ValidationError as error:
            errors[field] = error.error_list
    if not accepted_disclaimer:
        errors["accepted"] = [
            ValidationError(
                _("Please read the medical disclaimer and tick the box."),
                code="disclaimer",
            )
        ]
    if errors:
        raise ValidationError(errors)
    holding.refuse_watched(cleaned["body"])
    _check_limits(
        Guest.objects.filter(ip_hash=hashed), settings.CAIRN_GUEST_LIMITS_PER_IP, now
    )
    _check_limits(
        Guest.objects.with_email(cleaned["email"]),
        settings.CAIRN_GUEST_LIMITS_PER_EMAIL,
        now,
    )
    guest = Guest(
        name=cleaned["name"],
        email=cleaned["email"],
        ip_hash=hashed,
        discussion=discussion,
        parent=parent,
        body=cleaned["body"],
        created_at=now,
    )
    guest.full_clean(exclude=["discussion", "parent", "attached_to"])
    guest.save()
    guest_mail.send_confirmation(guest, token=confirmation_token(guest))
    return guest


# --- the link ----------------------------------------------------------------


class Confirmation(enum.StrEnum):
    READY = "ready"  # valid and not used: the page offers the button
    DONE = "done"  # just confirmed
    CONFIRMED = "confirmed"  # confirmed before: nothing more to do
    EXPIRED = "expired"  # too late: the page shows the text to keep
    INVALID = "invalid"  # tampered with, cut short, or not a link of ours
    CLOSED = "closed"  # the discussion (or the comment replied to) is gone


@dataclass(frozen=True, slots=True)
class Outcome:
    state: Confirmation
    guest: Guest | None = None
    comment: Comment | None = None
    message: str = ""


def confirmation_token(guest: Guest) -> str:
    return signing.dumps(guest.pk, salt=CONFIRM_SALT)


def _read(token: str) -> tuple[Confirmation, Guest | None]:
    """(READY or EXPIRED or CONFIRMED, the row) for a genuine token;
    (INVALID, None) otherwise."""
    expired = False
    try:
        pk = signing.loads(
            token, salt=CONFIRM_SALT, max_age=settings.CAIRN_GUEST_LINK_LIFETIME
        )
    except signing.SignatureExpired:
        expired = True
        pk = _unexpired_value(token)
    except (signing.BadSignature, ValueError, TypeError, UnicodeError):
        return Confirmation.INVALID, None
    if type(pk) is not int:
        return Confirmation.INVALID, None
    guest = Guest.objects.filter(pk=pk).select_related("discussion").first()
    if guest is None:
        # Purged, long after it expired: the same answer as an old link.
        return Confirmation.EXPIRED, None
    if guest.confirmed_at is not None:
        return Confirmation.CONFIRMED, guest
    return (Confirmation.EXPIRED if expired else Confirmation.READY), guest


def _unexpired_value(token: str):
    # Genuine but old: its signature holds, so what it names can be trusted
    # (to show that guest their own text once more).
    try:
        return signing.loads(token, salt=CONFIRM_SALT)
    except (signing.BadSignature, ValueError, TypeError, UnicodeError):
        return None


def check_confirmation(*, token: str) -> Outcome:
    """What the link would do, changing nothing (the GET page)."""
    state, guest = _read(token)
    return Outcome(state, guest)


def confirm(*, token: str, follows_replies: bool = False, now=None) -> Outcome:
    """Create the guest's comment, held for review, and note whether they
    want replies by email. Under the Guest row's lock, so two clicks at
    once create one comment; the second is told CONFIRMED."""
    now = now or timezone.now()
    state, guest = _read(token)
    if state != Confirmation.READY:
        return Outcome(state, guest)
    pk = guest.pk
    try:
        with transaction.atomic():
            guest = (
                Guest.objects.select_for_update(of=("self",))
                .select_related("discussion", "parent")
                .filter(pk=pk)
                .first()
            )
            if guest is None:
                # The comment it replied to was deleted, and the row with it.
                raise ValidationError(PARENT_GONE, code="parent_gone")
            if guest.confirmed_at is not None:
                return Outcome(Confirmation.CONFIRMED, guest)
            comment = _create_comment(guest, now=now)
            guest.body = ""
            guest.confirmed_at = now
            guest.follows_replies = follows_replies
            guest.save(update_fields=["body", "confirmed_at", "follows_replies"])
    except ValidationError as refusal:
        # The discussion closed, or the comment replied to went, meanwhile:
        # nothing is stored and the page gives the text back.
        guest = Guest.objects.filter(pk=pk).first()
        return Outcome(Confirmation.CLOSED, guest, message=refusal.messages[0])
    return Outcome(Confirmation.DONE, guest, comment)


def _create_comment(guest: Guest, *, now) -> Comment:
    """The guest's comment, through the same insert as every comment."""
    discussion = guest.discussion
    if guest.parent_id is not None and guest.parent is None:
        raise ValidationError(PARENT_GONE, code="parent_gone")
    _check_open(discussion, guest.parent)
    body = clean_body(guest.body)
    comment = Comment(
        discussion_id=discussion.pk,
        guest=guest,
        parent_id=guest.parent_id,
        body=body,
        body_html=render_comment(body),
        created_at=now,
    )
    # Like a new member's first comments: a moderator reads it first.
    hold(comment, Comment.HoldReason.GUEST, now=now)
    return insert_comment(comment, discussion=discussion, parent=guest.parent, now=now)
