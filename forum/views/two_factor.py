"""allauth's authenticator-app set-up and recovery-codes pages, carrying a
`next`: a moderator sent to set up two-factor sign-in (forum.two_factor)
goes on, once their recovery codes are saved, to the page they asked for.
Everything else is allauth's own view; the pages are templates/mfa/.
"""

from urllib.parse import urlencode

from allauth.mfa.recovery_codes import views as recovery_codes
from allauth.mfa.totp import views as totp
from django.urls import reverse

from forum.redirects import local_path

KEY_GROUP = 4  # characters of the key shown together, to type it


def _next(request) -> str | None:
    return local_path(request.GET.get("next"), request)


def _with_next(url: str, back: str | None) -> str:
    return f"{url}?{urlencode({'next': back})}" if back else url


class ActivateTOTPView(totp.ActivateTOTPView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        secret = context["form"].secret
        context.update(
            action_url=_with_next(reverse("mfa_activate_totp"), _next(self.request)),
            back_url=reverse("mfa_index"),
            secret_in_groups=" ".join(
                secret[i : i + KEY_GROUP] for i in range(0, len(secret), KEY_GROUP)
            ),
        )
        return context

    def get_success_url(self):
        back = _next(self.request)
        if back is None:
            return super().get_success_url()
        if self.did_generate_recovery_codes:
            return _with_next(reverse("mfa_view_recovery_codes"), back)
        return back


class ViewRecoveryCodesView(recovery_codes.ViewRecoveryCodesView):
    def get_context_data(self, **kwargs):
        return super().get_context_data(next=_next(self.request), **kwargs)


activate_totp = ActivateTOTPView.as_view()
view_recovery_codes = ViewRecoveryCodesView.as_view()
