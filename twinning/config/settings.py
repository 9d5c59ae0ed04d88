"""Settings for Twinning, driven by environment variables.

Development is the default and needs no variable at all: SQLite in `var/`, a fixed
development secret key, DEBUG on. Production is chosen with `TWINNING_ENV=production`,
and then `DJANGO_SECRET_KEY` (or `DJANGO_SECRET_KEY_FILE`) and
`DJANGO_ALLOWED_HOSTS` are required: starting without them fails loudly instead of
running insecurely.
"""

import datetime as dt
import hashlib
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from twinning.config.release import fingerprint as release_fingerprint

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("TWINNING_VAR_DIR", PROJECT_DIR / "var"))


def env(name: str, default: str | None = None) -> str | None:
    """Return an environment variable, or the contents of the file NAME_FILE names."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def required(name: str) -> str:
    value = env(name)
    if not value:
        raise ImproperlyConfigured(f"{name} must be set when TWINNING_ENV=production.")
    return value


def required_with(name: str) -> str:
    value = env(name)
    if not value:
        raise ImproperlyConfigured(f"{name} must be set with TWINNING_OIDC_CLIENT_ID.")
    return value


TWINNING_ENV = env("TWINNING_ENV", "development")
PRODUCTION = TWINNING_ENV == "production"

if PRODUCTION:
    SECRET_KEY = required("DJANGO_SECRET_KEY")
    ALLOWED_HOSTS = required("DJANGO_ALLOWED_HOSTS").split(",")
    DEBUG = env_bool("DJANGO_DEBUG", False)
else:
    # Development only: never used when TWINNING_ENV=production.
    SECRET_KEY = env("DJANGO_SECRET_KEY") or "development-only-not-secret"
    ALLOWED_HOSTS = (env("DJANGO_ALLOWED_HOSTS") or "127.0.0.1,localhost").split(",")
    DEBUG = env_bool("DJANGO_DEBUG", True)

CSRF_TRUSTED_ORIGINS = [
    origin for origin in (env("DJANGO_CSRF_TRUSTED_ORIGINS") or "").split(",") if origin
]
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# HTTPS. In production every plain-HTTP request is sent to HTTPS (the health check
# excepted, for load balancers that probe over HTTP) and browsers are told by HSTS
# to come back over HTTPS only, for a year, subdomains included.
SECURE_SSL_REDIRECT = env_bool("TWINNING_SSL_REDIRECT", PRODUCTION)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(env("TWINNING_HSTS_SECONDS") or (31_536_000 * PRODUCTION))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("TWINNING_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("TWINNING_HSTS_PRELOAD", True)
# Behind a reverse proxy or load balancer that ends TLS, Django sees plain HTTP and
# must be told which request header says the browser used HTTPS, e.g.
# TWINNING_PROXY_SSL_HEADER="X-Forwarded-Proto: https". Set it only when the proxy
# always sets (or strips) that header: a client could otherwise claim HTTPS.
_proxy_ssl_header = env("TWINNING_PROXY_SSL_HEADER")
if _proxy_ssl_header:
    _header, _colon, _value = _proxy_ssl_header.partition(":")
    if not _header.strip() or not _value.strip():
        raise ImproperlyConfigured(
            'TWINNING_PROXY_SSL_HEADER must read "Header-Name: value", '
            'such as "X-Forwarded-Proto: https".'
        )
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_" + _header.strip().upper().replace("-", "_"),
        _value.strip(),
    )

# Sessions end 8 hours after signing in, and after an hour without a request
# (`core.middleware.SessionLimitsMiddleware`).
SESSION_COOKIE_AGE = 8 * 60 * 60
TWINNING_SESSION_IDLE_SECONDS = int(env("TWINNING_SESSION_IDLE_SECONDS") or 60 * 60)
SESSION_COOKIE_HTTPONLY = True

# A strict Content-Security-Policy: scripts, styles, fonts and images from this site
# only, no inline script or style, no plugin, no framing. Images may be data: URIs,
# which DKFDS's and the API explorer's style sheets use for icons.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}
# Powerful browser features no page of the site uses are switched off; passkeys
# (WebAuthn) may be used by the site itself.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    **{
        feature: []
        for feature in (
            "accelerometer",
            "autoplay",
            "camera",
            "display-capture",
            "encrypted-media",
            "fullscreen",
            "geolocation",
            "gyroscope",
            "magnetometer",
            "microphone",
            "midi",
            "payment",
            "usb",
        )
    },
    "publickey-credentials-create": ["self"],
    "publickey-credentials-get": ["self"],
}

INSTALLED_APPS = [
    # modeltranslation must come before the admin to patch its forms.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "simple_history",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    # The API's interactive docs: Swagger UI's files, served from here, not a CDN.
    "ninja",
    "twinning.core",
    "twinning.accounts",
    "twinning.places",
    "twinning.partnerships",
    "twinning.projects",
    "twinning.activities",
    "twinning.results",
    "twinning.contacts",
    "twinning.eu",
    "twinning.public",
    "twinning.api",
    "twinning.exports",
    "twinning.imports",
    "twinning.data",
    "twinning.staff",
    "twinning.reports",
    "twinning.publishing",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # First: a public page from the cache runs no other middleware; it keeps the
    # headers the others added when it was rendered.
    "twinning.public.cache.PublicPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "twinning.core.middleware.BodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "twinning.core.middleware.SessionLimitsMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "twinning.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a refused sign-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "twinning.config.urls"
WSGI_APPLICATION = "twinning.config.wsgi.application"

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
                "twinning.core.context_processors.site",
            ],
        },
    },
]

DATABASE_URL = env("DATABASE_URL")
if not DATABASE_URL:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL or f"sqlite:///{VAR_DIR / 'twinning.sqlite3'}",
        conn_max_age=0,
        conn_health_checks=True,
    )
}
# Connections are kept between requests on a database server (a new PostgreSQL
# connection costs a few milliseconds per request), checked before reuse; SQLite's
# cost nothing to open.
_conn_max_age = env("DATABASE_CONN_MAX_AGE")
DATABASES["default"]["CONN_MAX_AGE"] = (
    int(_conn_max_age)
    if _conn_max_age
    else (0 if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" else 60)
)
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    # The test database is named after the checkout, so that two checkouts can run
    # their suites at once on one server; pytest-xdist's workers add _gw0, _gw1, ...
    # SQLite's test database stays in memory.
    checkout = hashlib.sha256(str(PROJECT_DIR).encode()).hexdigest()[:8]
    DATABASES["default"]["TEST"] = {
        "NAME": f"test_{DATABASES['default']['NAME']}_{checkout}"
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache, which holds the public pages and their generations
# (`public.cache`, `core.generations`): Redis when REDIS_URL is set, shared by
# every app server; otherwise files in `var/cache`, shared by every worker of one
# machine (a per-process memory cache would let one worker serve a page another
# worker's write made stale).
# Every key begins with the release (`config.release`), so a deploy never answers
# the previous release's pages; TWINNING_RELEASE names it where the files are not
# the same on every app server of one release.
TWINNING_RELEASE = env("TWINNING_RELEASE") or release_fingerprint(PROJECT_DIR)
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
            "KEY_PREFIX": TWINNING_RELEASE,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(
                Path(env("TWINNING_CACHE_DIR") or VAR_DIR / "cache").resolve()
            ),
            "OPTIONS": {"MAX_ENTRIES": 50_000},
            "KEY_PREFIX": TWINNING_RELEASE,
        }
    }
# `TWINNING_PAGE_CACHE=false` renders every public page afresh.
# The accessibility statement: when it was last reviewed (ISO date), and the address
# of the statement made in the Agency for Digital Government's tool (WAS-Tool),
# which Danish public bodies must publish; the page links it when it is given.
TWINNING_ACCESSIBILITY_STATEMENT_DATE = dt.date.fromisoformat(
    env("TWINNING_ACCESSIBILITY_STATEMENT_DATE") or "2026-12-02"
)
TWINNING_WAS_STATEMENT_URL = env("TWINNING_WAS_STATEMENT_URL") or ""
TWINNING_PAGE_CACHE = env_bool("TWINNING_PAGE_CACHE", True)
TWINNING_PAGE_CACHE_SECONDS = int(env("TWINNING_PAGE_CACHE_SECONDS") or 24 * 60 * 60)

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]
LOGIN_URL = "admin:login"
AUTHENTICATION_BACKENDS = [
    # First: refuses any sign-in while the account or the address is locked out.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Failed sign-ins (django-axes): after TWINNING_LOGIN_FAILURE_LIMIT failures in a
# row an account is locked, and so is an address, for TWINNING_LOGIN_LOCKOUT_MINUTES
# after the last attempt; a right password is refused too until then. A successful
# sign-in clears the account's count.
AXES_FAILURE_LIMIT = int(env("TWINNING_LOGIN_FAILURE_LIMIT") or 10)
AXES_COOLOFF_TIME = dt.timedelta(
    minutes=int(env("TWINNING_LOGIN_LOCKOUT_MINUTES") or 30)
)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "twinning.accounts.views.locked_out"
AXES_USERNAME_FORM_FIELD = "username"
# Behind TWINNING_PROXY_COUNT proxies the client's address is read from the
# X-Forwarded-For they add; without it, from the connection.
_proxy_count = int(env("TWINNING_PROXY_COUNT") or 0)
if _proxy_count:
    AXES_IPWARE_PROXY_COUNT = _proxy_count
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# Single sign-on with an OpenID Connect provider (`accounts.oidc`), when its client
# id is set: the provider's endpoints, and its groups mapped to roles and
# municipalities ("group=role:municipality;..."). Local accounts work beside it.
OIDC_RP_CLIENT_ID = env("TWINNING_OIDC_CLIENT_ID") or ""
if OIDC_RP_CLIENT_ID:
    OIDC_RP_CLIENT_SECRET = required_with("TWINNING_OIDC_CLIENT_SECRET")
    OIDC_OP_AUTHORIZATION_ENDPOINT = required_with(
        "TWINNING_OIDC_AUTHORIZATION_ENDPOINT"
    )
    OIDC_OP_TOKEN_ENDPOINT = required_with("TWINNING_OIDC_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = required_with("TWINNING_OIDC_USERINFO_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = required_with("TWINNING_OIDC_JWKS_ENDPOINT")
    AUTHENTICATION_BACKENDS.append("twinning.accounts.oidc.TwinningOIDCBackend")
OIDC_RP_SIGN_ALGO = env("TWINNING_OIDC_SIGN_ALGO") or "RS256"
OIDC_RP_SCOPES = env("TWINNING_OIDC_SCOPES") or "openid email profile"
TWINNING_OIDC_NAME = env("TWINNING_OIDC_NAME") or "single sign-on"
TWINNING_OIDC_GROUPS = env("TWINNING_OIDC_GROUPS") or ""
TWINNING_OIDC_GROUPS_CLAIM = env("TWINNING_OIDC_GROUPS_CLAIM") or "groups"
LOGIN_REDIRECT_URL = "/admin/"
LOGIN_REDIRECT_URL_FAILURE = "/admin/login/?sso=refused"
LOGOUT_REDIRECT_URL = "/admin/login/"

# The second factor (django-otp): an authenticator app (TOTP) and recovery codes.
# Administrators must use one; everyone else may (`accounts.middleware`).
OTP_TOTP_ISSUER = env("TWINNING_OTP_ISSUER") or "Twinning"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# Passkeys (WebAuthn, django-otp-webauthn) as a second factor beside the app, never
# as a way to sign in without the password. A passkey belongs to the relying party
# ID, a host name: it works on that host and its subdomains, over https, or on
# localhost (not on 127.0.0.1). Changing the ID later makes every passkey useless.
# In production it defaults to the first of DJANGO_ALLOWED_HOSTS over https.
_webauthn_host = ALLOWED_HOSTS[0].lstrip(".") if PRODUCTION else "localhost"
TWINNING_WEBAUTHN_RP_ID = env("TWINNING_WEBAUTHN_RP_ID") or _webauthn_host
TWINNING_WEBAUTHN_ORIGINS = [
    origin.strip().rstrip("/")
    for origin in (
        env("TWINNING_WEBAUTHN_ORIGINS")
        or (
            f"https://{TWINNING_WEBAUTHN_RP_ID}"
            if PRODUCTION
            else f"http://localhost:{env('PORT') or 8000}"
        )
    ).split(",")
    if origin.strip()
]
TWINNING_WEBAUTHN_RP_NAME = env("TWINNING_WEBAUTHN_RP_NAME") or OTP_TOTP_ISSUER
OTP_WEBAUTHN_RP_ID = TWINNING_WEBAUTHN_RP_ID
OTP_WEBAUTHN_ALLOWED_ORIGINS = TWINNING_WEBAUTHN_ORIGINS
OTP_WEBAUTHN_RP_NAME = TWINNING_WEBAUTHN_RP_NAME
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_HELPER_CLASS = "twinning.accounts.passkeys.PasskeyHelper"

# Mail for password resets is set up with the reminders' (below).
PASSWORD_RESET_TIMEOUT = 60 * 60  # a reset link works for an hour

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
MODELTRANSLATION_DEFAULT_LANGUAGE = "da"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("da", "en")
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TWINNING_TIME_ZONE") or "Europe/Copenhagen"
USE_I18N = True
FORMAT_MODULE_PATH = ["twinning.formats"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# DKFDS and the other front-end packages, copied here from node_modules by `make`.
STATICFILES_DIRS = [PROJECT_DIR / "build" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("TWINNING_MEDIA_ROOT") or VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names, compressed copies, and (by WhiteNoise) a year's caching for them.
    # Needs `collectstatic`, which `make run` does; the test suite serves files as
    # they are instead (see conftest.py).
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Bounded input. A request body larger than these is answered 413 before it is
# read (`core.middleware.BodyLimitMiddleware`): the API's JSON bodies, and any other
# request (a form, an upload). Imports are bounded further (`imports.readers`).
TWINNING_API_MAX_BODY_BYTES = int(env("TWINNING_API_MAX_BODY_BYTES") or 1_000_000)
TWINNING_IMPORT_MAX_FILE_BYTES = int(
    env("TWINNING_IMPORT_MAX_FILE_BYTES") or 5 * 1024 * 1024
)
TWINNING_MAX_REQUEST_BYTES = int(
    env("TWINNING_MAX_REQUEST_BYTES") or TWINNING_IMPORT_MAX_FILE_BYTES + 1_000_000
)
# Bodies read without a length given are held to the API's limit too.
DATA_UPLOAD_MAX_MEMORY_SIZE = TWINNING_API_MAX_BODY_BYTES
TWINNING_IMPORT_MAX_UNCOMPRESSED_BYTES = int(
    env("TWINNING_IMPORT_MAX_UNCOMPRESSED_BYTES") or 50_000_000
)
TWINNING_IMPORT_MAX_ROWS = int(env("TWINNING_IMPORT_MAX_ROWS") or 100_000)
TWINNING_IMPORT_MAX_SECONDS = float(env("TWINNING_IMPORT_MAX_SECONDS") or 120)

# How long the access log of personal data is kept, in days (six months, as the
# Danish Data Protection Agency's guidance on logging suggests); older entries are
# deleted by `manage.py purge_personal_data`, run daily.
TWINNING_ACCESS_LOG_RETENTION_DAYS = int(
    env("TWINNING_ACCESS_LOG_RETENTION_DAYS") or 183
)

# The public site: which home municipality it shows, and its look.
TWINNING_MUNICIPALITY = env("TWINNING_MUNICIPALITY") or None
TWINNING_COLOUR = env("TWINNING_COLOUR") or "#004c97"
TWINNING_LOGO = env("TWINNING_LOGO") or ""

# The public overview lists this many partnerships a page (a large portfolio's
# overview stays small); the next ones follow on /<language>/page/2/ and on.
TWINNING_OVERVIEW_PAGE_SIZE = int(env("TWINNING_OVERVIEW_PAGE_SIZE") or 200)

# The staff workspace: a partnership with no activity or event for this many years
# is listed as dormant.
TWINNING_DORMANT_AFTER_YEARS = int(env("TWINNING_DORMANT_AFTER_YEARS") or 3)

# E-mail (the daily reminders, `manage.py send_reminders`): printed to the console
# in development; in production sent by SMTP, with the server from the environment.
# `TWINNING_BASE_URL` ("https://twinning.example.dk") makes the links in e-mails
# and calendars absolute.
TWINNING_BASE_URL = (env("TWINNING_BASE_URL") or "").rstrip("/")
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL") or "twinning@localhost"
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if PRODUCTION:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env("DJANGO_EMAIL_HOST") or "localhost"
    EMAIL_PORT = int(env("DJANGO_EMAIL_PORT") or 587)
    EMAIL_HOST_USER = env("DJANGO_EMAIL_HOST_USER") or ""
    EMAIL_HOST_PASSWORD = env("DJANGO_EMAIL_HOST_PASSWORD") or ""
    EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", True)
    EMAIL_USE_SSL = env_bool("DJANGO_EMAIL_USE_SSL", False)
    EMAIL_TIMEOUT = int(env("DJANGO_EMAIL_TIMEOUT") or 30)
else:
    EMAIL_BACKEND = (
        env("DJANGO_EMAIL_BACKEND") or "django.core.mail.backends.console.EmailBackend"
    )

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
# History pages are for reading; `RegisterAdmin` refuses a revert as well.
SIMPLE_HISTORY_REVERT_DISABLED = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("TWINNING_LOG_LEVEL") or "INFO"},
}
