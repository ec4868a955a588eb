"""Reading comfort: the text size and the colours a person reads Cairn in.

A member's choice is saved on their account (`Member.text_size`, `.theme`),
so it follows them to every device they sign in on. Everyone's choice, a
reader's without an account too, is also kept in a cookie of the browser
(`COOKIE_NAME`): the reader's only memory of it, and what a member's pages
look like on that browser after they sign out.

What a page is drawn with is decided here, once (`comfort_for`): the
member's account, else the cookie, else the defaults. The server writes it
on `<html>` (templates/base.html), so a page never flashes in the wrong size
or colours and needs no script; static/js/comfort.js only makes the header's
A−/A+ instant and turns "auto" into the dark palette on a dark device.

The cookie holds nothing but the two choices ("lg.contrast"): whatever else
a browser sends in it is ignored, never an error.
"""

from dataclasses import dataclass, replace

from forum.models import Member, TextSize, Theme

COOKIE_NAME = "cairn_comfort"
# Long-lived: a reader should not have to choose again. (Chromium caps any
# cookie at 400 days; a year is renewed by every change.)
COOKIE_AGE = 365 * 24 * 3600
FIELDS = ("text_size", "theme")
SIZES = tuple(TextSize.values)  # smallest first: A− and A+ step along it


@dataclass(frozen=True)
class Comfort:
    text_size: str = TextSize.NORMAL
    theme: str = Theme.AUTO

    def smaller(self) -> str:
        """The size A− chooses (the smallest stays the smallest)."""
        return SIZES[max(SIZES.index(self.text_size) - 1, 0)]

    def larger(self) -> str:
        return SIZES[min(SIZES.index(self.text_size) + 1, len(SIZES) - 1)]

    def cookie_value(self) -> str:
        return f"{self.text_size}.{self.theme}"

    def changed(self, *, text_size: str = "", theme: str = "") -> "Comfort":
        """This comfort with the choices given; one left empty is kept."""
        return replace(
            self,
            text_size=text_size or self.text_size,
            theme=theme or self.theme,
        )


DEFAULT = Comfort()


def read_cookie(value: str | None) -> Comfort | None:
    """The choice a cookie holds; None when it holds none we know."""
    text_size, _dot, theme = (value or "").partition(".")
    if text_size not in TextSize.values or theme not in Theme.values:
        return None
    return Comfort(text_size=text_size, theme=theme)


def comfort_for(*, user, cookie: str | None) -> Comfort:
    """What `user`'s pages are drawn with: a member's own choice wherever
    they read, a reader's the one this browser remembers. `user` is None
    on a page drawn before the member was read (a refused host name)."""
    if user is not None and user.is_authenticated:
        return Comfort(text_size=user.text_size, theme=user.theme)
    return read_cookie(cookie) or DEFAULT


def update_comfort(*, member: Member, text_size: str, theme: str) -> Member:
    """Save `member`'s text size and theme on their account.

    Open to every signed-in member, the suspended and the unverified too:
    how one reads changes nothing anyone else sees. Only these two fields
    are validated (ValidationError for a value that is not a choice), not
    the whole member, as for notification settings: a display name that
    fails today's rules must not stop anyone from making the text larger."""
    member = Member.objects.get(pk=member.pk)
    member.text_size = text_size
    member.theme = theme
    member.clean_fields(
        exclude=[f.name for f in Member._meta.concrete_fields if f.name not in FIELDS]
    )
    member.save(update_fields=list(FIELDS))
    return member
