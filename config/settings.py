"""Cairn settings: one module, configured from the environment.

Every variable read here is listed in the README's configuration table and in
`.env.example`. Development (the default) runs with no environment at all on
SQLite; `DJANGO_ENV=production` refuses to start without its secrets.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

ENV = os.environ.get("DJANGO_ENV", "development")
if ENV not in {"development", "production"}:
    raise ImproperlyConfigured("DJANGO_ENV must be 'development' or 'production'.")
PRODUCTION = ENV == "production"


def env_list(name: str, default: str = "") -> list[str]:
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} must be set when DJANGO_ENV=production.")
    return value


if PRODUCTION:
    SECRET_KEY = required("SECRET_KEY")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS must be set when DJANGO_ENV=production."
        )
    DEBUG = False
else:
    # A fixed key is fine for a development checkout; production never reaches here.
    SECRET_KEY = os.environ.get(
        "SECRET_KEY", "dev-only-not-secret-cairn-3f9c1a7e5b2d4c6a8e0f"
    )
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver,[::1]")
    DEBUG = env_bool("DEBUG", True)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    # Full-text search fields and lookups (search/); harmless on SQLite.
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    # Two-factor sign-in (TOTP and recovery codes), required of those who
    # moderate or administer (forum.two_factor), open to every member.
    "allauth.mfa",
    # The member's list of signed-in sessions, "Sign out of all other
    # sessions" (forum.views.sessions).
    "allauth.usersessions",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tasks_db",
    "forum",
    "articles",
    # Member-started topics hosting forum discussions (after articles: it
    # borrows their tags).
    "community",
    # Search, treatment pages: reads all three apps above, read by none.
    "search",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above everything that may read the database (sessions, sign-in,
    # messages, views): while it is unreachable, a 503 page (forum/outage.py).
    "forum.outage.DatabaseOutageMiddleware",
    # Every 429 says when to come back (Retry-After).
    "forum.outage.RetryAfterMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The member's signed-in session: last seen, at most every few minutes
    # (forum/sessions.py).
    "forum.sessions.SessionActivityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "forum.htmx.HtmxRedirectMiddleware",
    # Moderation pages and the admin ask for two-factor sign-in first of
    # those who must use it (forum/two_factor.py).
    "forum.two_factor.TwoFactorRequiredMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                # Before "messages" lists them: what moderators decided.
                "forum.notices.moderation_notices",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "forum.context_processors.disclaimer",
                "forum.context_processors.roles",
                "forum.context_processors.notifications",
                "forum.context_processors.comfort",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database host that stops answering (rather than refusing) must not
    # hang every request: give up connecting after a few seconds, and the
    # outage page (forum/outage.py) answers instead.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "cairn",
        }
    }
else:
    # allauth's rate limits need a real cache: local memory is one per process,
    # which is right for `make run`; several web processes need REDIS_URL.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "forum.Member"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# django-allauth: email is the login, verification is mandatory, rate limits
# stay at allauth's defaults (they need the cache above).
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "forum.forms.SignupForm"
ACCOUNT_ADAPTER = "forum.adapters.AccountAdapter"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Cairn] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
ACCOUNT_PREVENT_ENUMERATION = True

# Two-factor sign-in: an authenticator app (TOTP) and recovery codes only.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Cairn"
# Last seen is kept by forum.sessions, at most once every few minutes, not
# by allauth on every request.
USERSESSIONS_TRACK_ACTIVITY = False

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: Django 6.1 configures mail with MAILERS; the old EMAIL_* backend
# settings must not be defined beside it.
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Cairn <no-reply@cairn.localhost>"
)
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
if PRODUCTION:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": required("SMTP_HOST"),
                "port": int(os.environ.get("SMTP_PORT", "587")),
                "username": os.environ.get("SMTP_USER", ""),
                "password": os.environ.get("SMTP_PASSWORD", ""),
                "use_tls": env_bool("SMTP_USE_TLS", True),
                "timeout": 10,
            },
        }
    }
else:
    # Printed decoded, so the links in sign-up and password-reset mail can be
    # clicked as printed (Django's console backend shows them quoted-printable).
    MAILERS = {"default": {"BACKEND": "forum.mail.ReadableConsoleBackend"}}

# The site's public origin (scheme and host, no path), for the links in
# notification email: the task worker renders it outside any request, so
# there is no request to build absolute URLs from.
CAIRN_SITE_URL = (
    required("SITE_URL")
    if PRODUCTION
    else os.environ.get("SITE_URL", "http://127.0.0.1:8000")
).rstrip("/")
if not CAIRN_SITE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured("SITE_URL must start with https:// or http://.")

# Django's built-in Tasks framework on the database backend; `manage.py
# db_worker` is the worker.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Vendor assets come from npm (package.json), never from a CDN.
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
# Development and tests serve from the finders; production from STATIC_ROOT.
WHITENOISE_USE_FINDERS = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # The manifest storage fails on any asset missing from the manifest, so it
    # is used only in production, where collectstatic has run.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Uploads: Cairn accepts no files; form bodies are small.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1_048_576

# Security headers. A nonce-free CSP: every script and style is a file of ours.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
CSRF_FAILURE_VIEW = "forum.views.errors.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
    ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

LANGUAGES = [("en-gb", _("English"))]

# Cairn's own knobs (see the README's configuration table).
CAIRN_ARTICLES_PER_PAGE = 10
# Community topics: a category page's length, and the (topics, seconds)
# windows a member may start topics within ([] turns the limit off; the
# opening post also counts against the comment limits).
CAIRN_TOPICS_PER_PAGE = 20
CAIRN_TOPIC_RATE_LIMITS = [(3, 3600), (10, 86400)]
# Discussions.
CAIRN_COMMENTS_PER_PAGE = int(os.environ.get("CAIRN_COMMENTS_PER_PAGE", "100"))
CAIRN_COMMENT_MAX_LENGTH = 10_000
CAIRN_COMMENT_EDIT_WINDOW = int(
    os.environ.get("CAIRN_COMMENT_EDIT_WINDOW", "900")
)  # seconds
# (comments, seconds) windows a member may post within; [] turns limits off.
CAIRN_COMMENT_RATE_LIMITS = [(1, 10), (30, 3600)]
# A member cannot post the same text twice within this many seconds.
CAIRN_COMMENT_DUPLICATE_WINDOW = 300
# Days a display name given up in a rename stays held back from others
# (staff, moderators' and columnists' old names are held for good).
CAIRN_NAME_RESERVATION_DAYS = 30
# Replies deeper than this are indented no further (readable on any screen).
CAIRN_COMMENT_MAX_INDENT = 6
# Members one comment's @mentions may notify; the rest are plain text.
CAIRN_MENTIONS_PER_COMMENT = 10

# Moderation (forum/services/moderation.py, holding.py, reports.py).
# Approved comments after which a new member posts without review (0: new
# members are not held for being new; their links still are).
CAIRN_TRUST_AFTER_APPROVED = int(os.environ.get("CAIRN_TRUST_AFTER_APPROVED", "3"))
# Distinct members whose reports hide a comment until a moderator looks.
CAIRN_REPORTS_TO_HIDE = int(os.environ.get("CAIRN_REPORTS_TO_HIDE", "3"))
# Reports one member may make in a day.
CAIRN_REPORTS_PER_DAY = 20
# Whether an article's columnist moderates its discussion.
CAIRN_COLUMNISTS_MODERATE = env_bool("CAIRN_COLUMNISTS_MODERATE", False)
CAIRN_MODERATION_PER_PAGE = 25
# Following and notifications: followers told per worker task, emails sent
# per task (through one mail connection), inbox items per page.
CAIRN_NOTIFY_BATCH = 500
CAIRN_EMAIL_BATCH = 100
CAIRN_NOTIFICATIONS_PER_PAGE = 25

# Guest comments (forum/services/guests.py): readers without an account
# comment with a name and an email, confirmed by a mailed link and held for
# review. Off unless CAIRN_GUEST_COMMENTS is set (`make run` sets it for the
# demo); each discussion can still turn guests off.
CAIRN_GUEST_COMMENTS = env_bool("CAIRN_GUEST_COMMENTS", False)
# (guest comments, seconds) windows one network (by IP hash) and one email
# address may send within, confirmed or not: an hour and a day.
CAIRN_GUEST_LIMITS_PER_IP = [(5, 3600), (20, 86400)]
CAIRN_GUEST_LIMITS_PER_EMAIL = [(3, 3600), (10, 86400)]
# Sends from one network an hour, refused ones included (a refusal can say
# a name is a member's: this bounds how often that can be asked).
CAIRN_GUEST_ATTEMPTS_PER_HOUR = 30
# Seconds a confirmation link works: long enough for a weekend away.
CAIRN_GUEST_LINK_LIFETIME = 48 * 3600
# Days an unconfirmed guest comment is kept after its link expired (the
# guest can still copy their text from the expired link), then purged.
CAIRN_GUEST_KEEP_EXPIRED_DAYS = 7

# Data rights (forum/services/exports.py): "Download my data" answers at once
# with the file for a member with at most this many comments and
# notifications together; a larger one is built by a task and the member
# mailed a link. A built copy is deleted this many days after (`manage.py
# purge_exports`, daily).
CAIRN_EXPORT_INLINE_LIMIT = 1000
CAIRN_EXPORT_KEEP_DAYS = 7
# Seconds between two writes of a signed-in session's "last seen"
# (forum/sessions.py): most requests then write nothing.
CAIRN_SESSION_SEEN_EVERY = 300

# Site search (search/services): searches one client (by IP) may make, in
# allauth's rate syntax (amount/period/per); past it, a 429 page.
CAIRN_SEARCH_RATE_LIMIT = "60/m/ip"
