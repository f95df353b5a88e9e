"""Django settings for hoptac, read from the environment only (see README)."""

from pathlib import Path

from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from hoptac import config
from hoptac.core.clients import parse_networks as clients_networks
from hoptac.ops import config as ops_config

BASE_DIR = Path(__file__).resolve().parent

HOPTAC_ENV = config.env_choice("HOPTAC_ENV", ("development", "production", "test"), "development")
PRODUCTION = HOPTAC_ENV == "production"
DATA_DIR = config.data_dir(create=not PRODUCTION)

SECRET_KEY = config.secret_key(DATA_DIR, PRODUCTION)
DEBUG = config.env_bool("HOPTAC_DEBUG", False)
if DEBUG and PRODUCTION:
    raise config.ConfigError("HOPTAC_DEBUG is on with HOPTAC_ENV=production; debug pages show settings and code to "
                             "anyone, so production refuses it: unset HOPTAC_DEBUG")
ALLOWED_HOSTS = config.env_list("HOPTAC_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = config.env_list("HOPTAC_CSRF_TRUSTED_ORIGINS", [])
for origin in CSRF_TRUSTED_ORIGINS:
    if not origin.startswith(("http://", "https://")):
        raise config.ConfigError(
            f"HOPTAC_CSRF_TRUSTED_ORIGINS has {origin!r}; each entry must start with http:// or https://"
        )
HOPTAC_SITE_URL = config.url("HOPTAC_SITE_URL", ("http", "https"), "http://127.0.0.1:8000")
# The province (statistics office code) the Department serves: the back office's home figures.
HOPTAC_PROVINCE_CODE = config.env_str("HOPTAC_PROVINCE_CODE", "31")
if not (HOPTAC_PROVINCE_CODE.isdigit() and len(HOPTAC_PROVINCE_CODE) == 2):
    raise config.ConfigError(f"HOPTAC_PROVINCE_CODE={HOPTAC_PROVINCE_CODE!r} is not a province code; use two digits, e.g. 31")

DATABASES = {"default": config.database(DATA_DIR)}
DATABASES.update(ops_config.replica(DATA_DIR, DATABASES["default"]))
DATABASE_ROUTERS = ["hoptac.ops.replica.ReplicaRouter"] if "replica" in DATABASES else []
HOPTAC_REPLICA_FRESH_SECONDS = config.env_int("HOPTAC_REPLICA_FRESH_SECONDS", 5, 0, 3600)
HOPTAC_METRICS_TOKEN, HOPTAC_METRICS_ALLOW = ops_config.metrics_access()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "hoptac.ops",
    "hoptac.audit",
    "hoptac.core",
    "hoptac.geo",
    "hoptac.registry",
    "hoptac.directives",
    "hoptac.indicators",
    "hoptac.accounts",
    "hoptac.collection",
    "hoptac.reports",
    "hoptac.portal",
    "hoptac.api",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",  # Wagtail's search index on PostgreSQL; inert on SQLite
]

MIDDLEWARE = [
    "hoptac.ops.middleware.OperationsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "hoptac.core.middleware.BackOfficePolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "hoptac.core.middleware.RefuseNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "hoptac.urls"
WSGI_APPLICATION = "hoptac.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "django.template.context_processors.csp",
            ],
        },
    },
]

# Passwords: Argon2 first; the validators refuse short and common passwords.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "wagtailadmin_login"

# Language, time and formats: Vietnamese by default, English under /en/.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["hoptac.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = ops_config.media_root(DATA_DIR)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Outside production the app serves static files straight from the packages.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

# Cache: Redis when configured (several app servers), else a file cache that all
# workers of one machine share.
REDIS_URL = config.url("REDIS_URL", ("redis", "rediss", "unix"))
if HOPTAC_ENV == "test":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
elif REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }

# Background tasks: a database-backed worker (`hoptac worker`), or inline.
HOPTAC_TASKS = config.env_choice("HOPTAC_TASKS", ("worker", "inline"), "inline" if HOPTAC_ENV == "test" else "worker")
# QUICK_TASKS_QUEUE: short tasks readers wait for (the portal's precompute after a write), run by
# `hoptac worker` beside the default queue, never behind a long task (a rebuild of the aggregates).
QUICK_TASKS_QUEUE = "quick"
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if HOPTAC_TASKS == "worker"
            else "django.tasks.backends.immediate.ImmediateBackend"
        ),
        "QUEUES": ["default", QUICK_TASKS_QUEUE],
    }
}

# Sessions and security headers.
SESSION_COOKIE_AGE = config.env_int("HOPTAC_SESSION_IDLE_MINUTES", 30, 5, 24 * 60) * 60
SESSION_SAVE_EVERY_REQUEST = True  # the age counts from the last request: an idle timeout
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy: scripts, styles, images and fonts only from this site (no
# inline code but what carries the request's nonce), never framed by another site.
# The back office (/admin/) allows inline styles too: Draftail, Wagtail's rich-text
# editor, writes <style> elements that change with each editor (no hash fits them,
# and it takes no nonce); its scripts stay as strict as everywhere else.
# HOPTAC_CSP_REPORT_ONLY=1 sends the policies as Content-Security-Policy-Report-Only:
# browsers then report what they would block without blocking it.
CONTENT_SECURITY_POLICY = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE, CSP.REPORT_SAMPLE],
    "style-src": [CSP.SELF, CSP.NONCE, CSP.REPORT_SAMPLE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-src": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
}
BACK_OFFICE_CONTENT_SECURITY_POLICY = {
    **CONTENT_SECURITY_POLICY, "style-src": [CSP.SELF, CSP.UNSAFE_INLINE, CSP.REPORT_SAMPLE],
}
HOPTAC_CSP_REPORT_ONLY = config.env_bool("HOPTAC_CSP_REPORT_ONLY", False)
SECURE_CSP = {} if HOPTAC_CSP_REPORT_ONLY else CONTENT_SECURITY_POLICY
SECURE_CSP_REPORT_ONLY = CONTENT_SECURITY_POLICY if HOPTAC_CSP_REPORT_ONLY else {}
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = config.env_bool("HOPTAC_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = config.env_int("HOPTAC_HSTS_SECONDS", 31536000, 0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Health probes and the operator's metrics speak plain HTTP to the app server's own address.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]

# Wagtail.
WAGTAIL_SITE_NAME = "hoptac"
WAGTAILADMIN_BASE_URL = HOPTAC_SITE_URL
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
# No avatars from gravatar.com: offices run on closed networks, and the CSP allows no other site.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# Dates in the back office's date pickers as officers write them (31/12/2021); the picker
# otherwise reads a typed 15/03/2024 as invalid and puts today's date in its place.
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10000

# Logs, metrics, backups and the read replica: see hoptac/ops and docs/deployment.md.
LOGGING = ops_config.logging_config(HOPTAC_ENV)

# Reverse proxies whose X-Forwarded-For is believed (addresses or CIDR blocks, comma-separated):
# the client is the right-most forwarded address that is not one of them (hoptac.core.clients).
try:
    HOPTAC_TRUSTED_PROXIES = clients_networks(config.env_list("HOPTAC_TRUSTED_PROXIES", []))
except ValueError as exc:
    raise config.ConfigError(f"HOPTAC_TRUSTED_PROXIES has {str(exc)!r}, which is not an IP address or a CIDR block "
                             "(e.g. 127.0.0.1,10.0.0.0/8)") from None

# Accounts: roles open the back office, every request is known to the
# audit trail, administrators confirm sign-in with a one-time code, and repeated
# failed sign-ins lock a username for a while on that IP address.
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend", "hoptac.accounts.backends.RoleBackend"]
_otp_at = MIDDLEWARE.index("django_otp.middleware.OTPMiddleware") + 1
MIDDLEWARE[_otp_at:_otp_at] = ["hoptac.audit.trail.AuditMiddleware", "hoptac.accounts.twofactor.TwoFactorMiddleware"]
WAGTAILADMIN_USER_LOGIN_FORM = "hoptac.accounts.signin.LoginForm"
OTP_TOTP_ISSUER = "hoptac"
HOPTAC_SIGNIN_MAX_FAILURES = config.env_int("HOPTAC_SIGNIN_MAX_FAILURES", 5, 1, 100)
HOPTAC_SIGNIN_LOCK_SECONDS = config.env_int("HOPTAC_SIGNIN_LOCK_MINUTES", 15, 1, 24 * 60) * 60

# Annual-report uploads (collection): refused above these sizes; files larger than
# the inline threshold are checked and saved by the background worker.
HOPTAC_UPLOAD_MAX_BYTES = config.env_int("HOPTAC_UPLOAD_MAX_MB", 20, 1, 1000) * 1024 * 1024
HOPTAC_UPLOAD_MAX_UNCOMPRESSED_BYTES = config.env_int("HOPTAC_UPLOAD_MAX_UNCOMPRESSED_MB", 500, 1, 20000) * 1024 * 1024
HOPTAC_UPLOAD_MAX_RATIO = config.env_int("HOPTAC_UPLOAD_MAX_RATIO", 200, 10, 10000)
HOPTAC_UPLOAD_INLINE_BYTES = config.env_int("HOPTAC_UPLOAD_INLINE_KB", 256, 0, 1024 * 1024) * 1024

# Retention (`hoptac purge`, run daily): uploaded workbooks are kept this many days after
# they were saved or rejected (the upload's record and summary stay); an upload
# checked but never confirmed expires after HOPTAC_UPLOAD_CONFIRM_DAYS; an API
# Idempotency-Key answers a retry for HOPTAC_IDEMPOTENCY_HOURS. The audit trail is never purged.
HOPTAC_UPLOAD_KEEP_DAYS = config.env_int("HOPTAC_UPLOAD_KEEP_DAYS", 90, 1, 3650)
HOPTAC_UPLOAD_CONFIRM_DAYS = config.env_int("HOPTAC_UPLOAD_CONFIRM_DAYS", 7, 1, 365)
HOPTAC_IDEMPOTENCY_HOURS = config.env_int("HOPTAC_IDEMPOTENCY_HOURS", 7 * 24, 1, 365 * 24)

# API: the interactive docs use ninja's bundled assets (no CDN); anonymous
# callers may make HOPTAC_API_ANON_RATE requests per window per address (0 = no limit).
INSTALLED_APPS += ["ninja"]
HOPTAC_API_ANON_RATE = config.env_int("HOPTAC_API_ANON_RATE", 120, 0, 1_000_000)
HOPTAC_API_ANON_WINDOW = config.env_int("HOPTAC_API_ANON_WINDOW_SECONDS", 60, 1, 24 * 3600)
# The largest file /api/v1/imports accepts (larger registers go through `hoptac import`).
HOPTAC_API_MAX_IMPORT_BYTES = config.env_int("HOPTAC_API_MAX_IMPORT_MB", 20, 1, 1000) * 1024 * 1024

# Portal: cached public pages are answered before URL routing, after the
# locale and authentication middleware have run.
MIDDLEWARE += ["hoptac.portal.middleware.PageCacheMiddleware"]

# Review reports: the Decree 30 header. The issuing body, the body above it,
# its abbreviation in "Số: …/BC-STC" and the place in the date line.
HOPTAC_REPORT_ISSUER_PARENT = config.env_str("HOPTAC_REPORT_ISSUER_PARENT", "UBND thành phố Hải Phòng")
HOPTAC_REPORT_ISSUER = config.env_str("HOPTAC_REPORT_ISSUER", "Sở Tài chính")
HOPTAC_REPORT_SYMBOL = config.env_str("HOPTAC_REPORT_SYMBOL", "STC")
HOPTAC_REPORT_PLACE = config.env_str("HOPTAC_REPORT_PLACE", "Hải Phòng")

# Demo: registered only for its message catalogue (the `hoptac demo` command); no models.
INSTALLED_APPS += ["hoptac.demo"]

# Collection reminders: Django's e-mail over SMTP, configured from the environment;
# HOPTAC_REMINDERS=0 turns the reminders off; they go HOPTAC_REMINDER_DAYS_BEFORE days before a
# deadline and again the day after it.
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": config.env_str("HOPTAC_EMAIL_HOST", "localhost"),
            "port": config.env_int("HOPTAC_EMAIL_PORT", 25, 1, 65535),
            "username": config.env_str("HOPTAC_EMAIL_USER", ""),
            "password": config.env_str("HOPTAC_EMAIL_PASSWORD", ""),
            "use_tls": config.env_bool("HOPTAC_EMAIL_TLS", False),
            "use_ssl": config.env_bool("HOPTAC_EMAIL_SSL", False),
            "timeout": config.env_int("HOPTAC_EMAIL_TIMEOUT_SECONDS", 30, 1, 600),
        },
    }
}
DEFAULT_FROM_EMAIL = config.env_str("HOPTAC_EMAIL_FROM", "hoptac@localhost")
HOPTAC_REMINDERS = config.env_bool("HOPTAC_REMINDERS", True)
HOPTAC_REMINDER_DAYS_BEFORE = config.env_int("HOPTAC_REMINDER_DAYS_BEFORE", 7, 1, 60)
