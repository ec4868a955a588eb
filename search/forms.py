from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from articles.models import Tag
from community.models import Topic
from forum.models import Member, Treatment
from search.services import scope


def _tags_in_use():
    """Tags of published articles or visible topics: a tag used only by a
    draft could give away what is being written."""
    on_topics = Topic.objects.visible().filter(tags=OuterRef("pk"))
    return Tag.objects.in_use() | Tag.objects.filter(Exists(on_topics))


class _SlugChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class SearchForm(forms.Form):
    """The search page's GET form. Fields named `in`, `from` and `to` (as in
    the URL) are keywords in Python, so they are renamed in `__init__`.
    A value that does not validate is reported and left out (`filters`)."""

    q = forms.CharField(label=_("Search Cairn"), required=False, strip=False)
    kind = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            (scope.ALL, _("Everything")),
            (scope.ARTICLES, _("Articles")),
            (scope.DISCUSSIONS, _("Discussions under articles")),
            (scope.TOPICS, _("Community topics")),
        ],
        error_messages={"invalid_choice": _("We do not know that kind of page.")},
    )
    tag = _SlugChoice(
        label=_("Tag"),
        queryset=Tag.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("Any tag"),
        error_messages={"invalid_choice": _("We do not know that tag.")},
    )
    treatment = _SlugChoice(
        label=_("Treatment"),
        queryset=Treatment.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Any treatment"),
        error_messages={"invalid_choice": _("We do not know that treatment.")},
    )
    columnist = forms.ModelChoiceField(
        label=_("Columnist"),
        queryset=Member.objects.none(),
        required=False,
        empty_label=_("Any columnist"),
        error_messages={"invalid_choice": _("We do not know that columnist.")},
    )
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a date such as 2026-03-31.")},
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a date such as 2026-03-31.")},
    )

    RENAMED = {"kind": "in", "date_from": "from", "date_to": "to"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {self.RENAMED.get(k, k): f for k, f in self.fields.items()}
        self.fields["tag"].queryset = _tags_in_use().order_by("name")
        self.fields["columnist"].queryset = (
            Member.objects.columnists().filter(is_active=True).order_by("display_name")
        )
        self.fields["columnist"].label_from_instance = lambda m: m.display_name
        self.fields["q"].widget.input_type = "search"
        for name, field in self.fields.items():
            css = (
                "form-select"
                if isinstance(field, forms.ChoiceField)
                else "form-control"
            )
            field.widget.attrs.update({"class": css, "id": f"search-{name}"})

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and start > end:
            self.add_error("to", _("The end date is before the start date."))
            cleaned.pop("to", None)
        return cleaned

    def filters(self) -> scope.Filters:
        """The filters that validated (call after `is_valid()`)."""
        data = getattr(self, "cleaned_data", {})
        return scope.Filters(
            kind=data.get("in") or scope.ALL,
            tag=data.get("tag"),
            treatment=data.get("treatment"),
            columnist=data.get("columnist"),
            date_from=data.get("from"),
            date_to=data.get("to"),
        )
