from allauth.account.models import EmailAddress
from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum.models import (
    Comment,
    Journey,
    Member,
    MSType,
    Reason,
    TextSize,
    Theme,
)
from forum.names import MAX_LENGTH, normalize_display_name, validate_display_name
from forum.services.journeys import offered_treatments, treatment_label

# The longest address both columns that store it can hold whole.
EMAIL_MAX_LENGTH = min(
    Member._meta.get_field("email").max_length,
    EmailAddress._meta.get_field("email").max_length,
)


class SignupForm(forms.Form):
    """Extra fields for allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=MAX_LENGTH,
        help_text=_(
            "The name other readers see. Your email address is never shown to them."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    field_order = ["display_name", "email", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # allauth adds the email field; say where it goes before it is typed.
        if "email" in self.fields:
            self.fields["email"].help_text = _(
                "For signing in and for the emails you choose to get. "
                "It is never shown to other readers."
            )

    def clean_display_name(self):
        name = normalize_display_name(self.cleaned_data["display_name"])
        validate_display_name(name)
        if Member.objects.name_taken(name):
            raise forms.ValidationError(_("That display name is taken."), code="taken")
        return name

    def signup(self, request, user):
        """Nothing left to do: AccountAdapter.save_user stored the name."""


class ProfileForm(forms.ModelForm):
    """A member's own public profile: the name others see, and a short bio."""

    class Meta:
        model = Member
        fields = ["display_name", "bio"]
        widgets = {
            "display_name": forms.TextInput(attrs={"autocomplete": "nickname"}),
            "bio": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "bio": _(
                "Optional. A few words about yourself that other readers may see."
            ),
        }

    def clean_display_name(self):
        name = normalize_display_name(self.cleaned_data["display_name"])
        validate_display_name(name)
        if Member.objects.name_taken(name, exclude=self.instance):
            raise forms.ValidationError(_("That display name is taken."), code="taken")
        return name


# The choices of JourneyForm, rendered one by one (templates/forum/journeys/).
CHECK = {"class": "form-check-input"}


class JourneyForm(forms.ModelForm):
    """A member's MS journey: every part optional, each with who may see it
    (forum.services.journeys writes it). A treatment retired from the list
    stays offered to the member who already chose it."""

    class Meta:
        model = Journey
        fields = [
            "diagnosed_year",
            "diagnosed_visibility",
            "ms_type",
            "ms_type_visibility",
            "current_treatments",
            "current_other",
            "current_visibility",
            "past_treatments",
            "past_other",
            "past_visibility",
        ]
        widgets = {
            "diagnosed_year": forms.NumberInput(
                attrs={"inputmode": "numeric", "autocomplete": "off"}
            ),
            "ms_type": forms.RadioSelect(attrs=CHECK),
            "current_treatments": forms.CheckboxSelectMultiple(attrs=CHECK),
            "past_treatments": forms.CheckboxSelectMultiple(attrs=CHECK),
        } | {
            f"{part}_visibility": forms.RadioSelect(attrs=CHECK)
            for part in Journey.PARTS
        }
        labels = {
            "diagnosed_year": _("Year diagnosed"),
            "ms_type": _("Type of MS"),
            "current_treatments": _("Current treatments"),
            "current_other": _("Other current treatments"),
            "past_treatments": _("Past treatments"),
            "past_other": _("Other past treatments"),
        } | {f"{part}_visibility": _("Who can see this") for part in Journey.PARTS}
        help_texts = {
            "diagnosed_year": _("For example 2019."),
            "current_other": _("Not in the list? Type it here."),
            "past_other": _("Not in the list? Type it here."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for part in ("current", "past"):
            field = self.fields[f"{part}_treatments"]
            field.queryset = offered_treatments(self.instance, part)
            field.required = False
            field.label_from_instance = treatment_label
        self.fields["ms_type"].choices = [("", _("Not saying")), *MSType.choices]

    def clean_diagnosed_year(self):
        year = self.cleaned_data["diagnosed_year"]
        if year is not None and year > timezone.localdate().year:
            raise forms.ValidationError(_("That year has not come yet."), code="future")
        return year


class CommentForm(forms.ModelForm):
    """The text of a comment; every other rule is checked by forum.services.

    No `maxlength` on the textarea: a browser would silently cut a pasted
    story short, where the service explains the limit and keeps the text."""

    class Meta:
        model = Comment
        fields = ["body"]
        labels = {"body": _("Your comment")}
        help_texts = {
            "body": _(
                "Plain text with a little Markdown: *emphasis*, **bold**, lists, "
                "> quotes, `code` and links. Up to %(limit)s characters."
            )
            % {"limit": f"{settings.CAIRN_COMMENT_MAX_LENGTH:,}"}
        }
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}

    limit = settings.CAIRN_COMMENT_MAX_LENGTH

    # Offered by the template where they apply (a sensitive discussion; a
    # new comment under a page that takes questions); the service decides.
    anonymous = forms.BooleanField(
        label=_("Post without my name"),
        required=False,
        help_text=_(
            "Others see \u201cAnonymous member\u201d and a pseudonym that stays "
            "yours in this discussion only. You can still edit and delete it, and "
            "you are told of replies. Moderators can find out who wrote it only "
            "by recording why."
        ),
    )
    question = forms.BooleanField(
        label=_("Question for the columnist"),
        required=False,
        help_text=_(
            "The columnist sees it in their list of questions to answer, and you "
            "are told when they reply."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Length is the service's rule, reported with the text kept.
        self.fields["body"].max_length = None
        self.fields["body"].validators = []
        self.fields["body"].widget.attrs.pop("maxlength", None)
        # The text goes to the service as typed; clean_body normalises it
        # for storage and says "empty" the same way for spaces as for "".
        self.fields["body"].strip = False
        self.fields["body"].error_messages["required"] = _(
            "Write something before posting."
        )


class ResendConfirmationForm(forms.Form):
    """ "Resend the link" on the "check your inbox" page. The address is the
    one of the sign-up or sign-in in progress when the session knows it
    (`known_email`), and the form then has no field; otherwise it is asked."""

    email = forms.EmailField(
        label=_("Your email address"),
        max_length=EMAIL_MAX_LENGTH,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args, known_email: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.known_email = known_email
        if known_email:
            del self.fields["email"]

    def address(self) -> str:
        return self.known_email or self.cleaned_data["email"]


# --- reports and moderation -------------------------------------------------
# Notes are checked (length, "other" needs one) by forum.services, which
# answer with the text kept; the forms only carry them.


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with this comment?"),
        choices=Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what is wrong with the comment.")},
    )
    note = forms.CharField(
        label=_("Anything a moderator should know (needed for \u201cOther\u201d)"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The author is never told who reported their comment."),
    )


class RemoveForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason (the author is told)"),
        choices=Reason.choices,
        error_messages={"required": _("Choose the reason for removing it.")},
    )
    note = forms.CharField(
        label=_("Note to the author (optional)"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Moderator note shown under the comment"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Readers see it under the comment, e.g. a pointer to the article's "
            "safety section. Leave it empty to take the note away."
        ),
    )


SUSPENSION_CHOICES = [
    ("1", _("1 day")),
    ("7", _("7 days")),
    ("30", _("30 days")),
    ("permanent", _("Until further notice")),
]


class SuspendForm(forms.Form):
    length = forms.ChoiceField(
        label=_("How long"), choices=SUSPENSION_CHOICES, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason (the member is shown it)"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def days(self) -> int | None:
        length = self.cleaned_data["length"]
        return None if length == "permanent" else int(length)


class BulkForm(forms.Form):
    """Several queue items at once: approve them, or remove them for one
    reason. Ids the moderator may not act on are refused by the service."""

    comments = forms.TypedMultipleChoiceField(coerce=int, choices=())
    action = forms.ChoiceField(choices=[("approve", ""), ("remove", "")])
    reason = forms.ChoiceField(choices=Reason.choices, required=False)
    note = forms.CharField(required=False, strip=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any id a row can have (the service decides what each may be); a
        # larger one (a forged form) could not even be asked of SQLite.
        self.fields["comments"].valid_value = lambda value: (
            str(value).isascii()
            and str(value).isdigit()
            and len(str(value)) < 20
            and int(value) < 2**63
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "remove" and not cleaned.get("reason"):
            self.add_error("reason", _("Choose the reason for removing them."))
        return cleaned


class NotificationSettingsForm(forms.ModelForm):
    """How a member hears of replies, mentions and followed discussions."""

    class Meta:
        model = Member
        fields = [
            "email_notifications",
            "follow_on_comment",
            "notify_on_reply",
            "notify_on_mention",
        ]
        widgets = {"email_notifications": forms.RadioSelect}
        help_texts = {
            "email_notifications": _(
                "Everything also appears under Notifications on the site. "
                "Every email has a link to stop them with one click."
            ),
            "follow_on_comment": _("You can unfollow any discussion from its page."),
        }


class ComfortForm(forms.Form):
    """Text size and theme (forum.services.comfort), for readers too, so
    not a ModelForm. A choice left out keeps the one made before: the
    header's A− and A+ send the text size alone."""

    text_size = forms.ChoiceField(
        label=_("Text size"),
        choices=TextSize.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Please choose one of these sizes.")},
        help_text=_("The A− and A+ buttons at the top of every page change it too."),
    )
    theme = forms.ChoiceField(
        label=_("Theme"),
        choices=Theme.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Please choose one of these themes.")},
        help_text=_(
            "High contrast: black on white, underlined links, strong outlines. "
            "Low stimulation: soft colours, and nothing on the page moves."
        ),
    )


class GuestCommentForm(forms.Form):
    """A guest's comment: name, email and text, and the disclaimer ticked.

    Every rule is forum.services.guests' (which answers field by field,
    with everything typed kept); the form only carries the values, so no
    `maxlength` cuts a pasted text short."""

    name = forms.CharField(
        label=_("Your name"),
        strip=False,
        help_text=_(
            "Shown with your comment and a \u201cGuest\u201d label. It cannot be a "
            "member's name."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.CharField(
        label=_("Your email address"),
        strip=False,
        help_text=_(
            "We email you a link to confirm your comment. Your address is never "
            "shown to anyone reading Cairn."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    body = forms.CharField(
        label=_("Your comment"),
        strip=False,
        help_text=CommentForm.Meta.help_texts["body"],
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    accepted = forms.BooleanField(
        label=_("I have read the medical disclaimer"),
        required=False,
    )

    limit = settings.CAIRN_COMMENT_MAX_LENGTH

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in ("name", "email", "body"):
            self.fields[field].required = False


class GuestConfirmForm(forms.Form):
    follows_replies = forms.BooleanField(
        label=_("Email me when someone replies to my comment"),
        required=False,
        help_text=_("Every such email has a link to stop them with one click."),
    )


class DeleteAccountForm(forms.Form):
    """For "Delete my account": what becomes of the member's comments (no
    default: they choose) and their current password, to be sure it is
    them (forum.views.leaving limits the attempts)."""

    KEEP, REMOVE = "keep", "remove"

    comments = forms.ChoiceField(
        label=_("What should happen to your comments?"),
        choices=[
            (
                KEEP,
                _(
                    "Keep them, shown as \u201cFormer member\u201d: your words stay "
                    "where they are, so conversations still make sense; your name "
                    "goes."
                ),
            ),
            (
                REMOVE,
                _(
                    "Remove them. A comment someone replied to stays as "
                    "\u201c[deleted]\u201d, without your words or your name, so "
                    "the replies keep their place."
                ),
            ),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what happens to your comments.")},
    )
    password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Type your current password.")},
    )

    def __init__(self, *args, member: Member, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.member.check_password(password):
            raise forms.ValidationError(
                _("That is not your current password. Please type it again."),
                code="wrong_password",
            )
        return password

    def keeps_comments(self) -> bool:
        return self.cleaned_data["comments"] == self.KEEP
