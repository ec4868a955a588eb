from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from forum.models import Comment


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Length is the service's rule, reported with the text kept.
        self.fields["body"].max_length = None
        self.fields["body"].validators = []
        self.fields["body"].widget.attrs.pop("maxlength", None)
