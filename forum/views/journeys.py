from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import UpdateView

from forum.forms import JourneyForm
from forum.models import Journey
from forum.services.journeys import journey_of, update_journey
from forum.views.profile import ProfileBlockMixin


class JourneyEditView(LoginRequiredMixin, ProfileBlockMixin, UpdateView):
    """The signed-in member's MS journey. While they may not change their
    profile (suspended, unverified) the form is shown read-only with the
    reason; the service refuses a post anyway."""

    form_class = JourneyForm
    template_name = "forum/journeys/journey_form.html"
    success_url = reverse_lazy("forum:journey_edit")

    def get_object(self, queryset=None):
        return journey_of(self.request.user) or Journey(member_id=self.request.user.pk)

    def form_valid(self, form):
        try:
            update_journey(member=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Your MS journey is saved."))
        return redirect(self.success_url)
