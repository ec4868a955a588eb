"""The member's signed-in devices, and "Sign out of all other sessions":
allauth's own usersessions view (its POST ends every other session of the
member's, through allauth.usersessions' flow), at its own address
(/accounts/sessions/, `usersessions_list`), with what Cairn shows of each
session (forum.sessions.devices) and Cairn's templates
(templates/usersessions/)."""

from allauth.usersessions.views import ListUserSessionsView

from forum.sessions import devices


class SessionListView(ListUserSessionsView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["devices"] = devices(
            context["sessions"], current_key=self.request.session.session_key
        )
        return context
