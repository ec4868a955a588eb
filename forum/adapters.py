from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth.models import Group

from forum.models import Member


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # The display name must be on the row before its first save: it is
        # unique, and an empty one would collide with the next sign-up.
        user.display_name = form.cleaned_data["display_name"]
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            user.groups.add(Group.objects.get_or_create(name=Member.MEMBERS)[0])
        return user
