from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django import forms
from django.contrib.auth.models import Group
from django.contrib.sites.shortcuts import get_current_site
from django.utils.translation import gettext as _

from forum.forms import EMAIL_MAX_LENGTH
from forum.models import Member
from forum.redirects import local_path
from forum.tasks import queue_message


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # The display name must be on the row before its first save: it is
        # unique, and an empty one would collide with the next sign-up.
        user.display_name = form.cleaned_data["display_name"]
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            user.groups.add(Group.objects.get_or_create(name=Member.MEMBERS)[0])
        return user

    def clean_email(self, email):
        """Refuse an address longer than its columns, at sign-up, on the
        email page and for a password reset (every allauth form that takes
        an address asks here). Django's EmailField takes up to 320
        characters; allauth would cut a longer one to the column's size
        when storing it (losing its "@") and mail a confirmation to what is
        left, or fail on the database."""
        email = super().clean_email(email)
        if len(email) > EMAIL_MAX_LENGTH:
            raise forms.ValidationError(
                _(
                    "Email addresses can be up to %(limit)d characters; this one "
                    "has %(length)d. Please check it, or use another address."
                )
                % {"limit": EMAIL_MAX_LENGTH, "length": len(email)},
                code="too_long",
            )
        return email

    def is_safe_url(self, url):
        """Follow a `next` only when it is a path on this site: allauth
        hands it to redirect(), which would look a bare word up as a view
        name (forum/redirects.py)."""
        request = allauth_context.request
        return local_path(url, request) is not None and super().is_safe_url(url)

    def send_mail(self, template_prefix, email, context):
        """Render the message here, in the request (it needs the request for
        its links), and leave the sending to the task worker
        (forum/tasks.py): an SMTP outage never fails the page that asked for
        the mail. Every allauth mail (confirmation, password reset, "account
        already exists", notifications) comes through here."""
        request = allauth_context.request
        ctx = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
        }
        ctx.update(context)
        queue_message(self.render_mail(template_prefix, email, ctx))
