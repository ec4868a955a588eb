"""The member's notification settings: what notifies them, and how often
Cairn emails them about it (forum.services.notification_settings)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import UpdateView

from forum.forms import NotificationSettingsForm
from forum.models import Member
from forum.services import notification_settings
from forum.services.standing import has_verified_email


class NotificationSettingsView(LoginRequiredMixin, UpdateView):
    """Open to every signed-in member, suspended or unverified too: choosing
    what one hears about writes nothing others see."""

    model = Member
    form_class = NotificationSettingsForm
    template_name = "forum/notifications/settings.html"
    success_url = reverse_lazy("forum:notification_settings")

    def get_object(self, queryset=None):
        # A fresh row, as on the profile page: a rejected form must not
        # leave its values on request.user.
        return Member.objects.get(pk=self.request.user.pk)

    def get_context_data(self, **kwargs):
        verified = has_verified_email(self.request.user)
        return super().get_context_data(verified=verified, **kwargs)

    def form_valid(self, form):
        notification_settings.update_notification_settings(
            member=self.request.user, **form.cleaned_data
        )
        messages.success(self.request, _("Your notification settings are saved."))
        return redirect(self.success_url)
