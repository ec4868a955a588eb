"""The "check your inbox" page, with "Resend the link".

allauth shows this page (`account_email_verification_sent`) after sign-up
and when an unverified member tries to sign in. Cairn's view, routed before
allauth's in config/urls.py, is allauth's page plus a form that asks for a
fresh link (forum/services/confirmation.py says what is sent, and why the
answer is the same for every address).
"""

from allauth.account.views import EmailVerificationSentView
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic.edit import FormMixin

from forum.forms import ResendConfirmationForm
from forum.services.confirmation import (
    pending_confirmation_email,
    resend_confirmation,
)


class VerificationSentView(FormMixin, EmailVerificationSentView):
    form_class = ResendConfirmationForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["known_email"] = pending_confirmation_email(self.request)
        return kwargs

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        email = form.address()
        if resend_confirmation(request=request, email=email):
            messages.success(request, sent_message(email))
        else:
            messages.warning(request, too_soon_message(email))
        return redirect("account_email_verification_sent")


def sent_message(email: str) -> str:
    # Worded so that it is true whether or not an account uses the address.
    return _(
        "If %(email)s belongs to a Cairn account, an email with a new link is "
        "on its way to it. It can take a few minutes to arrive: please look in "
        "your spam folder too."
    ) % {"email": email}


def too_soon_message(email: str) -> str:
    return _(
        "We send a link to %(email)s at most once every few minutes. Please "
        "look in your inbox and your spam folder, and ask again in a few "
        "minutes if nothing has come."
    ) % {"email": email}
