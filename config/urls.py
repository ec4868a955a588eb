from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import TemplateView

from articles.sitemaps import sitemaps as article_sitemaps
from community.sitemaps import sitemaps as community_sitemaps
from forum.views import confirmation, sessions, two_factor
from search.sitemaps import sitemaps as search_sitemaps

admin.site.site_header = "Cairn administration"
admin.site.site_title = "Cairn admin"
# No side door: staff sign in through the site's own sign-in page, with its
# failed-attempt limits per account and per client (and MFA when enabled).
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("admin/", admin.site.urls),
    # allauth's "check your inbox" page plus "Resend the link"; before
    # allauth's own route so that it wins.
    path(
        "accounts/confirm-email/",
        confirmation.VerificationSentView.as_view(),
        name="account_email_verification_sent",
    ),
    # allauth's authenticator-app set-up and recovery codes, carrying `next`
    # back to the moderation page a moderator was sent from
    # (forum.two_factor); before allauth's routes so that they win.
    path(
        "accounts/2fa/totp/activate/",
        two_factor.activate_totp,
        name="mfa_activate_totp",
    ),
    path(
        "accounts/2fa/recovery-codes/",
        two_factor.view_recovery_codes,
        name="mfa_view_recovery_codes",
    ),
    # allauth's list of signed-in sessions with Cairn's device names; before
    # allauth's route so that it wins.
    path(
        "accounts/sessions/",
        sessions.SessionListView.as_view(),
        name="usersessions_list",
    ),
    path("accounts/", include("allauth.urls")),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {**article_sitemaps, **search_sitemaps, **community_sitemaps}},
        name="sitemap",
    ),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots_txt",
    ),
    path("", include("search.urls")),
    path("", include("community.urls")),
    path("", include("forum.urls")),
    path("", include("articles.urls")),
]

# A request body over the upload limit says so (the rest of 400s: the same
# page); a 500 that is really the database away is the outage page (503).
handler400 = "forum.views.errors.bad_request"
handler500 = "forum.views.errors.server_error"
