"""Every setting Ladder has, read from the environment in this one place.

LADDER_ENV picks the profile: "development" (the default: `make run`), "test" (pytest) or
"production" (gunicorn; refuses to start with a missing, published or weak SECRET_KEY, with
DEBUG on or with no ALLOWED_HOSTS; see "Security" below for TLS).
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from ladder import security

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

LADDER_ENV = env.str("LADDER_ENV", default="development")
if LADDER_ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured(
        f"LADDER_ENV={LADDER_ENV!r} is not one of development, test, production."
    )
PRODUCTION = LADDER_ENV == "production"

if PRODUCTION:
    # Refuses a missing, published or weak SECRET_KEY, DEBUG on, and an empty ALLOWED_HOSTS.
    SECRET_KEY = env.str("SECRET_KEY", default="").strip()
    DEBUG = env.bool("DEBUG", default=False)
    ALLOWED_HOSTS = [host for host in env.list("ALLOWED_HOSTS", default=[]) if host.strip()]
    security.require_production_safety(
        secret_key=SECRET_KEY, debug=DEBUG, allowed_hosts=ALLOWED_HOSTS
    )
else:
    SECRET_KEY = env.str("SECRET_KEY", default=security.DEVELOPMENT_SECRET_KEY)
    # Off by default even in development: people see Ladder's own 404 and 400 pages.
    DEBUG = env.bool("DEBUG", default=False)
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "corsheaders",
    "csp",
    "axes",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "ladder",
    "levels",
    "roles",
    "compensation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Above WhiteNoise so that static files carry the policy and the frame ban too.
    # django-csp's, the policy built once (ladder/content_security.py).
    "ladder.content_security.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # A query string no view should read is a 400/414 page or problem (ladder/query_strings.py);
    # Django's blank 405 becomes Ladder's (ladder/methods.py); an API parameter its operation
    # does not document is a 400 problem (ladder/api/parameters.py).
    "ladder.query_strings.QueryStringGuard",
    "ladder.methods.MethodNotAllowedPage",
    "ladder.api.parameters.DocumentedParametersOnly",
    # Before everything that may touch the database: an outage answers 503, not 500.
    "ladder.database_outage.DatabaseOutageMiddleware",
    # A stored page or API document answered from its one read (ladder/stored_answers.py).
    "ladder.stored_answers.StoredAnswerMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Each GET/HEAD reads one snapshot, whole through a load (ladder/snapshot.py).
    "ladder.snapshot.ReadSnapshotMiddleware",
    # Last, as django-axes asks: turns a locked-out admin sign-in into its 429 answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ladder.urls"
WSGI_APPLICATION = "ladder.wsgi.application"

# Ladder's pages are Jinja2 (ladder/jinja2.py says why); the DTL remains for the admin and for
# drf-spectacular's Swagger page (ladder/templates/ladder/api_docs.html extends its template).
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "ladder.jinja2.environment"},
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite is the embedded default; DATABASE_URL=postgres://… switches to PostgreSQL (psycopg 3).
DATABASES = {
    "default": env.db_url_config(
        env.str("DATABASE_URL", default="") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    ),
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend with a health check that costs no round trip (ladder/postgresql/base.py).
    DATABASES["default"]["ENGINE"] = "ladder.postgresql"
    # A database host that stops answering must not hold a worker until gunicorn kills it:
    # give up connecting after this many seconds and answer 503 (ladder/database_outage.py).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5)
    )
    # The statements Ladder runs through psycopg's own cursors (stored bytes) are prepared after
    # this many runs, and the server stops parsing and planning them every time; a stored
    # answer's version read (ladder/prepared_reads.py) is prepared at once unless this is "off".
    # Django's cursors never prepare. "off" behind a transaction-mode PgBouncer older than 1.21.
    _prepare = env.str("DATABASE_PREPARE_THRESHOLD", default="5").strip().lower()
    DATABASES["default"]["OPTIONS"].setdefault(
        "prepare_threshold", None if _prepare in {"off", "none", ""} else int(_prepare)
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL: readers keep reading their snapshot while a load commits, instead of failing with
    # "database is locked" (ladder/snapshot.py). Writers (the loader, the admin) take the write
    # lock when they begin and wait up to `timeout` seconds for one another.
    _sqlite = DATABASES["default"].setdefault("OPTIONS", {})
    _sqlite.setdefault("init_command", "PRAGMA journal_mode=WAL;")
    _sqlite.setdefault("transaction_mode", "IMMEDIATE")
    _sqlite.setdefault("timeout", 20)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://ladder")}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Serve straight from the finders outside production so `make run` needs no collectstatic.
WHITENOISE_USE_FINDERS = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# The content files the loader reads when `load_ladder` is given no path.
LADDER_FIXTURES_DIR = Path(env.str("LADDER_FIXTURES_DIR", default=str(BASE_DIR / "fixtures")))
# A content file larger than this is refused before it is read (the largest shipped is ~0.1 MB).
LADDER_FIXTURE_MAX_BYTES = env.int("LADDER_FIXTURE_MAX_BYTES", default=8_000_000)

CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/.*$"

# =============================================================================================
# Security: headers on every response, TLS, and the admin. Read from the environment:
#   LADDER_ADMIN_PATH            where the admin lives (default admin/); empty or "off": no admin
#                                at all (every admin URL is a 404).
# Production only (a TLS deployment is the default; `manage.py check --deploy` reports nothing):
#   SECURE_SSL_REDIRECT          redirect plain HTTP to HTTPS (default true). Behind a proxy that
#                                ends TLS, the proxy must send X-Forwarded-Proto: gunicorn trusts it
#                                from 127.0.0.1 only; set FORWARDED_ALLOW_IPS to the proxy's address
#                                when it runs elsewhere.
#   SECURE_HSTS_SECONDS          Strict-Transport-Security max-age on HTTPS responses (default one
#                                year; 0 turns HSTS off; try 3600 first on a new host name).
#   SECURE_HSTS_INCLUDE_SUBDOMAINS  HSTS covers subdomains too (default true).
#   SECURE_HSTS_PRELOAD          HSTS says the host may be preloaded into browsers (default true;
#                                nothing is preloaded until someone submits the domain).
#   SECURE_COOKIES               session and CSRF cookies only over HTTPS (default true).
# A plain-HTTP production server (the loopback benchmark) sets SECURE_SSL_REDIRECT=false and
# SECURE_COOKIES=false.
# =============================================================================================
# Every response, in every environment: pages, API, errors, static files and the admin.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The pages need no JavaScript and load nothing from elsewhere; the API docs and the admin load
# their scripts and styles as files from this origin. No nonces: a nonce would make every stored
# response (ladder/response_cache.py) differ per request.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # data: for the icons Swagger UI's stylesheet inlines; an image cannot run script.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # Load balancers probe over plain HTTP; a redirect would read as "down".
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 60 * 60)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)

# The admin: signed-in editors only (Django's own login), with django-axes locking a username
# out from one address for a while after repeated wrong passwords.
LADDER_ADMIN_PATH = security.admin_path(env.str("LADDER_ADMIN_PATH", default="admin/"))
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
# Username and address together: guessing from one address locks that username there only, so
# a stranger cannot lock an editor out everywhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True

if LADDER_ENV == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# =============================================================================================
# The REST API under /api/ (DRF, drf-spectacular, API access). Read from the environment:
#   LADDER_API_REQUIRE_KEY       reads need an API key (for companies whose pay data is
#                                confidential); default false: the API is open.
#   LADDER_API_KEYS              comma-separated keys accepted as `Authorization: Bearer <key>`
#                                or `X-API-Key: <key>`; required when LADDER_API_REQUIRE_KEY is on.
#   LADDER_API_REVOKED_KEYS      comma-separated keys taken back: refused with a 401 that says so,
#                                even while still listed in LADDER_API_KEYS (ladder/api/access.py).
#   LADDER_API_THROTTLE_RATE     requests per client (IP address) without a key, e.g. 600/minute;
#                                unset: no throttling.
#   LADDER_API_KEY_THROTTLE_RATE requests per API key, e.g. 6000/minute; unset: no throttling.
#   LADDER_API_CACHE_MAX_AGE     seconds a shared cache may keep an open response (default 300).
# =============================================================================================
LADDER_API_REQUIRE_KEY = env.bool("LADDER_API_REQUIRE_KEY", default=False)
LADDER_API_KEYS = env.list("LADDER_API_KEYS", default=[])
LADDER_API_REVOKED_KEYS = env.list("LADDER_API_REVOKED_KEYS", default=[])
if LADDER_API_REQUIRE_KEY and not set(LADDER_API_KEYS) - set(LADDER_API_REVOKED_KEYS):
    raise ImproperlyConfigured(
        "LADDER_API_REQUIRE_KEY is on but LADDER_API_KEYS holds no key that is not revoked."
    )
# Off unless set (DRF does not throttle a scope whose rate is None). With a per-IP rate set,
# the response cache stands aside for /api/ so that every request is counted.
LADDER_API_THROTTLE_RATE = env.str("LADDER_API_THROTTLE_RATE", default="") or None
LADDER_API_KEY_THROTTLE_RATE = env.str("LADDER_API_KEY_THROTTLE_RATE", default="") or None
LADDER_API_CACHE_MAX_AGE = env.int("LADDER_API_CACHE_MAX_AGE", default=300)

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["ladder.api.renderers.LadderJSONRenderer"],
    # Read-only: no request body is ever parsed.
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "ladder.api.negotiation.LadderContentNegotiation",
    "DEFAULT_AUTHENTICATION_CLASSES": ["ladder.api.access.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["ladder.api.access.ApiReadAccess"],
    "DEFAULT_THROTTLE_CLASSES": ["ladder.api.access.ApiClientThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "api-anonymous": LADDER_API_THROTTLE_RATE,
        "api-key": LADDER_API_KEY_THROTTLE_RATE,
    },
    "DEFAULT_PAGINATION_CLASS": "ladder.api.pagination.LadderPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_FILTER_BACKENDS": [],
    "EXCEPTION_HANDLER": "ladder.api.exceptions.problem_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "ladder.api.schema.LadderAutoSchema",
    "URL_FORMAT_OVERRIDE": "format",
    "UNAUTHENTICATED_USER": None,
    # Proxies in front of the app that append to X-Forwarded-For (0: throttle on the peer's
    # address; a client-sent X-Forwarded-For must not buy it a fresh budget).
    "NUM_PROXIES": env.int("LADDER_API_NUM_PROXIES", default=0),
}

# CORS (off unless CORS_ALLOWED_ORIGINS is set, above): browsers may read the caching and
# data-version headers, send a key and revalidate.
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = [
    "accept",
    "authorization",
    "x-api-key",
    "if-none-match",
    "if-modified-since",
]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After", "X-Ladder-Data-Version"]

SPECTACULAR_SETTINGS = {
    "TITLE": "Ladder API",
    "DESCRIPTION": (BASE_DIR / "ladder" / "api" / "description.md").read_text(encoding="utf-8"),
    "VERSION": "v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SCHEMA_PATH_PREFIX_TRIM": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ConfidenceEnum": "ladder.models.Confidence",
        "ReviewStatusEnum": "ladder.models.ReviewStatus",
        "BasisEnum": "compensation.models.Basis",
        "ScaleKindEnum": "levels.models.ScaleKind",
        "SourceKindEnum": "ladder.models.SourceKind",
        "SkillKindEnum": "roles.models.SkillKind",
        "RoleTopicEnum": "roles.models.RoleTopic",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "ladder.api.schema.declare_api_conventions",
    ],
}

# --- Response cache (ladder/response_cache.py) ------------------------------------------------
# Whole responses stored as bytes, keyed by the data version: on by default wherever DEBUG is
# off. Process-local memory by default; REDIS_URL shares them between servers.
LADDER_RESPONSE_CACHE = env.bool("LADDER_RESPONSE_CACHE", default=not DEBUG)
# Larger answers are left to Django each time. 64 MB keeps the export of a 300-role ladder (~51
# MB) in the store; each process holds its own copy unless REDIS_URL is set.
LADDER_RESPONSE_CACHE_MAX_BODY = env.int("LADDER_RESPONSE_CACHE_MAX_BODY", default=64 * 1024 * 1024)
REDIS_URL = env.str("REDIS_URL", default="")
# On PostgreSQL each worker keeps the data version in memory, told of every change by
# LISTEN/NOTIFY, instead of reading it on every hit (ladder/version_watch.py); a load waits up to
# LADDER_VERSION_WATCH_WAIT seconds for every worker to confirm, then disconnects the rest. Off
# in tests, whose data is never committed, so a watching connection could not see it.
LADDER_VERSION_WATCH = env.bool("LADDER_VERSION_WATCH", default=LADDER_ENV != "test")
LADDER_VERSION_WATCH_WAIT = env.float("LADDER_VERSION_WATCH_WAIT", default=5.0)
# On SQLite each worker holds the data version it read for this many seconds instead of reading
# it on every hit, and a load waits as long once it has committed (ladder/version_lease.py). 0
# reads it on every hit; 0 in tests, whose data changes without the loader.
LADDER_VERSION_LEASE = env.float(
    "LADDER_VERSION_LEASE", default=0.0 if LADDER_ENV == "test" else 0.1
)
# Fixed pages rendered by the loader and served as stored bytes (ladder/stored_pages.py). Off
# under DEBUG (templates change while the server runs) and in tests, which opt in.
LADDER_STORED_PAGES = env.bool("LADDER_STORED_PAGES", default=not DEBUG and LADDER_ENV != "test")
CACHES["responses"] = (
    {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "TIMEOUT": None,
    }
    if REDIS_URL
    else {
        "BACKEND": "ladder.response_store.UnpickledMemoryCache",
        "LOCATION": "ladder-responses",
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": env.int("LADDER_RESPONSE_CACHE_ENTRIES", default=2000)},
    }
)
