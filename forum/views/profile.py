from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.messages.views import SuccessMessageMixin
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import UpdateView

from forum.forms import ProfileForm
from forum.models import Member


class ProfileEditView(LoginRequiredMixin, SuccessMessageMixin, UpdateView):
    """The signed-in member's own profile: display name and bio."""

    model = Member
    form_class = ProfileForm
    template_name = "forum/profile_form.html"
    success_url = reverse_lazy("forum:profile_edit")
    success_message = _("Your profile is saved.")

    def get_object(self, queryset=None):
        # A fresh row, not request.user: a rejected edit must not leak into
        # the header, which renders request.user.display_name.
        return Member.objects.get(pk=self.request.user.pk)
