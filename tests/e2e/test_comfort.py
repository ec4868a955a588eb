"""Reading comfort in a real browser (issue 19): text size and theme chosen
by a reader and by a member and still there after a reload and in another
browser; axe in every theme (light, the device's dark, high contrast, low
stimulation) and nothing moving where motion is unwanted; every target in
a discussion at least 44×44 CSS px for a reader, a member and a moderator;
and the keyboard shortcuts j, k, r, c and ?.

Elements are found by role and accessible name, as a reader finds them;
the measurement walks the discussion's elements themselves.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from forum import services
from forum.disclaimers import current_disclaimer
from forum.models import Discussion, Member
from forum.services.comfort import COOKIE_NAME, update_comfort
from tests.e2e.test_discussion import comment
from tests.e2e.test_moderation import open_page  # noqa: F401 - a fixture
from tests.factories import (
    ArticleFactory,
    ColumnistFactory,
    MemberFactory,
    ModeratorFactory,
)

pytestmark = pytest.mark.usefixtures("no_rate_limits")

DISPLAY = "Display settings: text size and theme"
SAVE = "Save display settings"
# What each theme is called on the Display page, and how a test asks for it:
# (the theme saved, the device's colour scheme).
THEMES = {
    "auto-light": ("auto", "light"),
    "auto-dark": ("auto", "dark"),
    "contrast": ("contrast", "light"),
    "calm": ("calm", "light"),
}
# The page's paper in each theme (body background), as the browser reports it.
PAPER = {
    "auto-light": "rgb(253, 252, 249)",
    "auto-dark": "rgb(21, 24, 28)",
    "contrast": "rgb(255, 255, 255)",
    "calm": "rgb(245, 244, 240)",
}


def accepted(member: Member) -> Member:
    services.accept_disclaimer(member=member, disclaimer=current_disclaimer())
    return member


def drawn(page: Page, size: str, theme: str) -> None:
    root = page.locator("html")
    expect(root).to_have_class(re.compile(rf"(^|\s)text-{size}(\s|$)"))
    expect(root).to_have_attribute("data-theme", theme)


def saved_in_place(page: Page):
    """Waits for the POST the header's A−/A+ send in place."""
    return page.expect_response(
        lambda r: r.url.endswith("/comfort/") and r.request.method == "POST"
    )


@pytest.fixture
def column():
    return ArticleFactory(
        author=accepted(ColumnistFactory(display_name="Columnist Wren")),
        title="Reading on a bad eyesight day",
        slug="reading-on-a-bad-eyesight-day",
    )


# --- remembered ---------------------------------------------------------------


def test_a_reader_changes_size_and_theme_and_they_stay(page: Page, column):
    page.goto(column.get_absolute_url())
    drawn(page, "md", "auto")
    banner = page.get_by_role("banner")

    for _ in range(2):
        with saved_in_place(page):
            banner.get_by_role("button", name="Larger text").click()
    drawn(page, "xl", "auto")

    banner.get_by_role("link", name=DISPLAY).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Display: text size and theme"
    )
    expect(page.get_by_label("Larger", exact=True)).to_be_checked()
    expect(page.get_by_label(re.compile("Match my device"))).to_be_checked()
    # A− here too: the page's own choice follows it.
    with saved_in_place(page):
        banner.get_by_role("button", name="Smaller text").click()
    expect(page.get_by_label("Large", exact=True)).to_be_checked()
    page.get_by_label("High contrast", exact=True).check()
    page.get_by_role("button", name=SAVE).click()

    # Back on the page they were reading, now in high contrast.
    expect(page).to_have_url(re.compile(re.escape(column.get_absolute_url()) + "$"))
    expect(page.get_by_role("status").first).to_contain_text("Saved in this browser")
    drawn(page, "lg", "contrast")
    body = page.locator("body")
    expect(body).to_have_css("background-color", PAPER["contrast"])
    expect(body).to_have_css("color", "rgb(0, 0, 0)")
    expect(page.get_by_role("link", name="Latest", exact=True)).to_have_css(
        "text-decoration-line", "underline"
    )

    page.reload()
    drawn(page, "lg", "contrast")
    page.goto("/")
    drawn(page, "lg", "contrast")
    (cookie,) = [c for c in page.context.cookies() if c["name"] == COOKIE_NAME]
    assert cookie["value"] == "lg.contrast"
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Lax"
    assert not Member.objects.exclude(text_size="md").exists()


def test_a_members_choice_follows_them_to_a_fresh_browser(
    open_page,  # noqa: F811 - the imported fixture
    column,
):
    member = accepted(MemberFactory(display_name="Member Niamh"))
    laptop = open_page(member, "/comfort/")
    laptop.get_by_label("Largest", exact=True).check()
    laptop.get_by_label(re.compile("Low stimulation")).check()
    laptop.get_by_role("button", name=SAVE).click()
    expect(laptop.get_by_role("status").first).to_contain_text(
        "every device you sign in on"
    )
    drawn(laptop, "xxl", "calm")

    # Another computer, never used here: no cookie, the account's choice.
    phone = open_page(member, column.get_absolute_url())
    drawn(phone, "xxl", "calm")
    expect(phone.locator("body")).to_have_css("background-color", PAPER["calm"])
    with saved_in_place(phone):
        phone.get_by_role("banner").get_by_role("button", name="Smaller text").click()
    drawn(phone, "xl", "calm")
    member.refresh_from_db()
    assert (member.text_size, member.theme) == ("xl", "calm")

    laptop.reload()
    drawn(laptop, "xl", "calm")


def test_the_old_size_kept_in_this_browser_is_carried_over_once(page: Page):
    """Sizes chosen before they were saved on the server lived in
    localStorage (text-size.js): the first page keeps the size and saves it."""
    page.goto("/")
    page.evaluate("localStorage.setItem('cairn:text-size', 'lg')")
    with saved_in_place(page):
        page.reload()
    drawn(page, "lg", "auto")
    page.reload()
    drawn(page, "lg", "auto")
    assert page.evaluate("localStorage.getItem('cairn:text-size')") is None


# --- every theme accessible -------------------------------------------------------


def seed_discussion(column, settings) -> dict[str, Member]:
    """A discussion with everything a thread shows: a question answered by
    the columnist, a moderator's note with a link, a member's own comment
    with replies, a comment without its author's name, a long thread that
    goes on past the page ("Show N more replies") and a next page."""
    settings.CAIRN_COMMENTS_PER_PAGE = 14
    moderator = accepted(ModeratorFactory(display_name="Moderator Ines"))
    member = accepted(MemberFactory(display_name="Member Orla"))
    bea, cal, dov = (
        accepted(MemberFactory(display_name=f"Reader {name}"))
        for name in ("Bea", "Cal", "Dov")
    )
    discussion = services.set_discussion(
        discussion=Discussion.objects.for_host(column).get(),
        moderator=moderator,
        kind="sensitive",
    )

    def say(author, body, parent=None, **options):
        return services.post_comment(
            discussion=discussion, author=author, body=body, parent=parent, **options
        )

    question = say(bea, "Does reading in bed count as resting?", question=True)
    say(column.author, "For me it does, if the light is kind.", parent=question)
    own = say(
        member, "Larger print changed my evenings. [My notes](https://example.org)"
    )
    say(cal, "Which size do you use?", parent=own)
    noted = say(dov, "Turn the brightness right down, always.")
    services.note_comment(
        comment=noted,
        moderator=moderator,
        note="Brightness needs differ: see [the guide](https://example.org/guide).",
    )
    say(cal, "I would rather not say who I am here.", anonymous=True)
    long = say(bea, "A long thread about audiobooks.")
    for n in range(12):
        say(cal if n % 2 else dov, f"Audiobook answer {n}", parent=long)
    for n in range(4):
        say(dov, f"Another thought, number {n}")
    return {"member": member, "moderator": moderator}


def theme_for(person: Member, theme: str) -> None:
    update_comfort(member=person, text_size="md", theme=THEMES[theme][0])


def reader_page(open_page, theme: str, then: str, **options) -> Page:  # noqa: F811
    saved, scheme = THEMES[theme]
    page = open_page(None, "/", color_scheme=scheme, **options)
    page.context.add_cookies(
        [{"name": COOKIE_NAME, "value": f"md.{saved}", "url": page.url}]
    )
    page.goto(then)
    return page


def open_everything(page: Page) -> None:
    """The discussion's <details> open, and an inline reply form, so that
    what they hold is checked too."""
    page.locator("#discussion details").evaluate_all(
        "all => all.forEach(d => { d.open = true; })"
    )
    replies = page.locator("#discussion .comment-actions").get_by_role(
        "link", name=re.compile(r"^Reply to Reader Bea")
    )
    if (
        replies.count()
        and page.get_by_role("banner").get_by_role("button", name="Sign out").count()
    ):
        replies.first.click()
        expect(page.locator(".reply-slot form")).to_be_visible()


@pytest.mark.parametrize("theme", list(THEMES))
def test_every_theme_passes_axe_on_the_pages_that_matter(
    open_page,  # noqa: F811 - the imported fixture
    axe,
    column,
    settings,
    theme,
):
    people = seed_discussion(column, settings)
    moderator = people["moderator"]
    theme_for(moderator, theme)
    theme_for(people["member"], theme)
    saved, scheme = THEMES[theme]
    article = column.get_absolute_url()

    page = open_page(moderator, article, color_scheme=scheme)
    drawn(page, "md", saved)
    expect(page.locator("body")).to_have_css("background-color", PAPER[theme])
    dark = page.locator("html").get_attribute("data-bs-theme")
    assert dark == ("dark" if theme == "auto-dark" else None)
    open_everything(page)
    axe.assert_clean(page)
    for path in ("/", "/moderation/", "/comfort/", "/account/profile/"):
        page.goto(path)
        axe.assert_clean(page)

    member = open_page(people["member"], article, color_scheme=scheme)
    open_everything(member)
    axe.assert_clean(member)

    reader = reader_page(open_page, theme, article)
    drawn(reader, "md", saved)
    axe.assert_clean(reader)
    reader.goto("/comfort/")
    axe.assert_clean(reader)


NO_MOTION = """() => {
  const moving = document.getAnimations().filter(a => a.playState === "running");
  const styles = [...document.querySelectorAll(".btn, .form-control, a")]
    .map(el => getComputedStyle(el))
    .filter(s => s.transitionDuration.split(",").some(d => parseFloat(d) > 0)
              || s.animationName !== "none");
  return {
    running: moving.length,
    styled: styles.length,
    scroll: getComputedStyle(document.documentElement).scrollBehavior,
  };
}"""


@pytest.mark.parametrize(
    ("theme", "reduced"),
    [("calm", "no-preference"), ("auto-light", "reduce"), ("contrast", "reduce")],
)
def test_nothing_moves_in_calm_or_for_a_device_that_reduces_motion(
    open_page,  # noqa: F811 - the imported fixture
    column,
    settings,
    theme,
    reduced,
):
    seed_discussion(column, settings)
    page = reader_page(
        open_page, theme, column.get_absolute_url(), reduced_motion=reduced
    )
    toggle = comment(page, "A long thread about audiobooks.").get_by_role(
        "button", name=re.compile("replies")
    )
    toggle.hover()
    toggle.click()
    page.get_by_role("banner").get_by_role("link", name="Sign in").hover()

    assert page.evaluate(NO_MOTION) == {"running": 0, "styled": 0, "scroll": "auto"}


def test_motion_is_left_alone_where_nobody_asked_otherwise(
    open_page,  # noqa: F811 - the imported fixture
    column,
):
    """The measure above can fail: Bootstrap's buttons fade their colours,
    and the page scrolls smoothly, in the default theme."""
    page = reader_page(
        open_page,
        "auto-light",
        column.get_absolute_url(),
        reduced_motion="no-preference",
    )
    found = page.evaluate(NO_MOTION)
    assert found["styled"] > 0
    assert found["scroll"] == "smooth"


# --- 44×44 -------------------------------------------------------------------------

# Every control in the discussion section, measured as the browser lays it
# out. Not measured: hidden inputs; what is not rendered (a collapsed
# sub-thread, a button the script has not shown); what is visually hidden
# (a skip link until it takes the focus, measured on its own below); and,
# under WCAG 2.5.8's inline exception, links inside rendered text: a
# comment's own words (.comment-body), a moderator's note and the
# disclaimer's prose, where the links are words in a sentence.
MEASURE = """(section) => {
  const controls = "a, button, summary, input, select, textarea, label[for]";
  const inline = ".comment-body a, .moderator-note > div a, .prose a";
  const small = [];
  let measured = 0;
  for (const el of section.querySelectorAll(controls)) {
    if (el.matches('input[type="hidden"]') || el.matches(inline)) continue;
    if (!el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
    const box = el.getBoundingClientRect();
    if (box.width <= 1 && box.height <= 1) continue;
    measured += 1;
    if (box.width < 44 || box.height < 44) {
      const text = (el.innerText || el.value || el.getAttribute("aria-label") || "")
        .replace(/\\s+/g, " ").trim().slice(0, 60);
      small.push(`${el.tagName.toLowerCase()} "${text}" ${box.width.toFixed(1)}×${box.height.toFixed(1)}`);
    }
  }
  return { measured, small };
}"""


def measure(page: Page) -> dict:
    return page.locator("#discussion").evaluate(MEASURE)


@pytest.mark.parametrize("who", ["reader", "member", "moderator"])
def test_every_target_in_a_discussion_is_at_least_44_px_square(
    open_page,  # noqa: F811 - the imported fixture
    column,
    settings,
    who,
):
    people = seed_discussion(column, settings)
    article = column.get_absolute_url()
    if who == "reader":
        page = open_page(None, article)
    else:
        page = open_page(people[who], article)
    drawn(page, "md", "auto")
    expect(
        page.get_by_role("link", name=re.compile(r"^Show \d+ more repl"))
    ).to_be_visible()
    expect(page.get_by_role("link", name="Next comments")).to_be_visible()
    if who == "member":
        mine = comment(page, "Larger print changed my evenings.")
        expect(mine.get_by_role("link", name=re.compile("^Edit"))).to_be_visible()
        expect(mine.get_by_role("link", name="Delete")).to_be_visible()
        expect(
            page.get_by_role("checkbox", name=re.compile("without my name"))
        ).to_have_count(1)
    if who == "moderator":
        expect(
            page.get_by_role("link", name=re.compile("^Moderate")).first
        ).to_be_visible()
    open_everything(page)

    found = measure(page)

    assert found["measured"] >= 40, found
    assert not found["small"], (
        f"Targets under 44×44 CSS px for the {who}:\n" + "\n".join(found["small"])
    )
    # A skip link is a target once it has the focus.
    skip = page.locator("#discussion .skip-thread").first
    skip.focus()
    box = skip.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44, box


# --- the keyboard ------------------------------------------------------------------


def status(page: Page):
    return page.locator("#shortcut-status")


def focused_comment(page: Page, text: str) -> None:
    expect(comment(page, text)).to_be_focused()


def test_keyboard_shortcuts_move_reply_and_collapse(
    open_page,  # noqa: F811 - the imported fixture
    column,
):
    member = accepted(MemberFactory(display_name="Member Keir"))
    ailsa = accepted(MemberFactory(display_name="Reader Ailsa"))
    discussion = Discussion.objects.for_host(column).get()
    first = services.post_comment(
        discussion=discussion, author=ailsa, body="Mornings are my best time."
    )
    services.post_comment(
        discussion=discussion, author=member, body="Mine too, until noon.", parent=first
    )
    services.post_comment(
        discussion=discussion, author=ailsa, body="Evenings are for rest."
    )
    page = open_page(member, column.get_absolute_url())
    keys = page.keyboard

    help_ = page.locator("#keyboard-help")
    expect(help_.get_by_text("Keyboard shortcuts", exact=True)).to_be_visible()
    keys.press("?")
    expect(help_).to_have_attribute("open", "")
    expect(help_.locator("summary")).to_be_focused()
    expect(help_.locator("dl")).to_contain_text("Next comment")

    keys.press("j")
    focused_comment(page, "Mornings are my best time.")
    expect(status(page)).to_have_text("Comment 1 of 3, by Reader Ailsa")
    keys.press("j")
    focused_comment(page, "Mine too, until noon.")
    expect(status(page)).to_have_text("Comment 2 of 3, by Member Keir")
    keys.press("k")
    focused_comment(page, "Mornings are my best time.")
    keys.press("k")
    expect(status(page)).to_have_text("This is the first comment on this page.")

    keys.press("c")
    expect(page.get_by_text("Mine too, until noon.")).to_be_hidden()
    expect(status(page)).to_have_text("Its replies are hidden.")
    keys.press("j")
    focused_comment(page, "Evenings are for rest.")
    expect(status(page)).to_have_text("Comment 2 of 2, by Reader Ailsa")
    keys.press("j")
    expect(status(page)).to_have_text("This is the last comment on this page.")
    keys.press("c")
    expect(status(page)).to_have_text(
        "This comment has no replies on this page to hide."
    )
    keys.press("k")
    keys.press("c")
    expect(page.get_by_text("Mine too, until noon.")).to_be_visible()

    # r opens the reply form in place, the text box ready; a "j" typed
    # there is a letter, not a move.
    keys.press("r")
    box = comment(page, "Mornings are my best time.").get_by_label("Your reply")
    expect(box).to_be_focused()
    keys.type("just j and k")
    expect(box).to_have_value("just j and k")
    expect(box).to_be_focused()
    # With Ctrl, Alt or Meta a key is the browser's, never a shortcut.
    page.locator("#comment-list article.comment").first.focus()
    keys.press("Alt+j")
    focused_comment(page, "Mornings are my best time.")

    # Turned off, the keys do nothing (and this browser remembers).
    help_.get_by_label("Use these keyboard shortcuts").uncheck()
    expect(status(page)).to_have_text("Keyboard shortcuts are off.")
    page.reload()
    expect(help_.get_by_label("Use these keyboard shortcuts")).not_to_be_checked()
    page.locator("#comment-list article.comment").first.focus()
    keys.press("j")
    focused_comment(page, "Mornings are my best time.")


def test_r_says_why_a_comment_cannot_be_replied_to(
    open_page,  # noqa: F811 - the imported fixture
    column,
):
    member = accepted(MemberFactory(display_name="Member Lorcan"))
    discussion = Discussion.objects.for_host(column).get()
    services.post_comment(
        discussion=discussion, author=member, body="Closing thoughts for today."
    )
    services.set_discussion(
        discussion=discussion,
        moderator=accepted(ModeratorFactory()),
        kind="lock",
    )
    page = open_page(member, column.get_absolute_url())

    page.keyboard.press("r")
    expect(status(page)).to_have_text(
        "Move to a comment first: press j for the next one."
    )
    page.keyboard.press("j")
    page.keyboard.press("r")
    expect(status(page)).to_have_text("This discussion is closed to new comments.")
    expect(page.locator(".reply-slot form")).to_have_count(0)
