from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import UpdateView

from forum import services
from forum.forms import ProfileForm
from forum.models import Member


class ProfileBlockMixin:
    """A form of the member's own profile (display name and bio, MS journey)
    shown read-only, with the reason, while they may not change it
    (suspended, unverified); the service refuses a post anyway."""

    @cached_property
    def block(self) -> str:
        return services.profile_block(self.request.user)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self.block:
            for field in form.fields.values():
                field.disabled = True
        return form

    def get_context_data(self, **kwargs):
        return super().get_context_data(profile_block=self.block, **kwargs)


class ProfileEditView(LoginRequiredMixin, ProfileBlockMixin, UpdateView):
    """The signed-in member's own profile: display name and bio. While they
    may not change it (suspended, unverified) the form is shown read-only
    with the reason; the service refuses a post anyway."""

    model = Member
    form_class = ProfileForm
    template_name = "forum/profile_form.html"
    success_url = reverse_lazy("forum:profile_edit")

    def get_object(self, queryset=None):
        # A fresh row, not request.user: a rejected edit must not leak into
        # the header, which renders request.user.display_name.
        return Member.objects.get(pk=self.request.user.pk)

    def form_valid(self, form):
        services.update_profile(
            member=self.request.user,
            display_name=form.cleaned_data["display_name"],
            bio=form.cleaned_data["bio"],
        )
        messages.success(self.request, _("Your profile is saved."))
        return redirect(self.success_url)
