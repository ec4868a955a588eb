from django import forms
from django.utils.translation import gettext_lazy as _

from articles.models import Tag
from community.models import Category
from forum.forms import CommentForm
from forum.models import Treatment


class TopicForm(forms.Form):
    """Starting a topic. Every rule on the words (the title's, the opening
    post's) is checked by community.services.topics.start_topic, which
    reports it with the text kept; this form only reads the choices.

    No `maxlength` anywhere: a browser would silently cut a pasted title or
    story short, where the service explains the limit."""

    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.listed(),
        empty_label=_("Choose a category"),
        help_text=_("Where others who share this will look for it."),
    )
    title = forms.CharField(
        label=_("Title"),
        strip=False,
        help_text=_(
            "A question or a few words that say what it is about, 8 to 120 characters."
        ),
        error_messages={"required": _("Give your topic a title.")},
    )
    body = forms.CharField(
        label=_("Opening post"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=CommentForm._meta.help_texts["body"],
        error_messages={"required": _("Write something before posting.")},
    )
    treatment = forms.ModelChoiceField(
        label=_("Treatment (optional)"),
        queryset=Treatment.objects.listed(),
        required=False,
        empty_label=_("No particular treatment"),
        help_text=_("If the topic is about one treatment, others on it find it."),
    )
    tags = forms.ModelMultipleChoiceField(
        label=_("Tags (optional)"),
        queryset=Tag.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    # Offered by the template in a sensitive category; the service decides.
    anonymous = forms.BooleanField(
        label=_("Post without my name"),
        required=False,
        help_text=_(
            "Others see \u201cAnonymous member\u201d and a pseudonym that stays "
            "yours in this topic only, on the opening post and your replies "
            "alike. You can still edit and delete it, and you are told of "
            "replies. Moderators can find out who wrote it only by recording why."
        ),
    )

    limit = CommentForm.limit

    def __init__(self, *args, category: Category | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_category = category
        if category is not None:
            del self.fields["category"]

    def chosen_category(self) -> Category:
        return self.fixed_category or self.cleaned_data["category"]


class MoveForm(forms.Form):
    """Moving a topic: the category it goes to, by its slug."""

    category = forms.ModelChoiceField(
        label=_("Move to"),
        queryset=Category.objects.listed(),
        to_field_name="slug",
        empty_label=None,
    )
