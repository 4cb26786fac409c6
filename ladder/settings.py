"""Every setting Ladder has, read from the environment in this one place.

LADDER_ENV picks the profile: "development" (the default: `make run`), "test" (pytest) or
"production" (gunicorn; refuses to start without SECRET_KEY or with DEBUG on).
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

LADDER_ENV = env.str("LADDER_ENV", default="development")
if LADDER_ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured(
        f"LADDER_ENV={LADDER_ENV!r} is not one of development, test, production."
    )
PRODUCTION = LADDER_ENV == "production"

if PRODUCTION:
    if not env.str("SECRET_KEY", default=""):
        raise ImproperlyConfigured("SECRET_KEY must be set when LADDER_ENV=production.")
    if env.bool("DEBUG", default=False):
        raise ImproperlyConfigured("DEBUG must be off when LADDER_ENV=production.")
    SECRET_KEY = env.str("SECRET_KEY")
    DEBUG = False
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
else:
    SECRET_KEY = env.str("SECRET_KEY", default="insecure-development-key-not-for-production")
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
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "ladder.urls"
WSGI_APPLICATION = "ladder.wsgi.application"

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

CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/.*$"

if PRODUCTION:
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)

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
#   LADDER_API_THROTTLE_RATE     requests per client (IP address) without a key, e.g. 600/minute;
#                                unset: no throttling.
#   LADDER_API_KEY_THROTTLE_RATE requests per API key, e.g. 6000/minute; unset: no throttling.
#   LADDER_API_CACHE_MAX_AGE     seconds a shared cache may keep an open response (default 300).
# =============================================================================================
LADDER_API_REQUIRE_KEY = env.bool("LADDER_API_REQUIRE_KEY", default=False)
LADDER_API_KEYS = env.list("LADDER_API_KEYS", default=[])
if LADDER_API_REQUIRE_KEY and not LADDER_API_KEYS:
    raise ImproperlyConfigured("LADDER_API_REQUIRE_KEY is on but LADDER_API_KEYS is empty.")
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
REDIS_URL = env.str("REDIS_URL", default="")
CACHES["responses"] = (
    {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "TIMEOUT": None,
    }
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "ladder-responses",
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": env.int("LADDER_RESPONSE_CACHE_ENTRIES", default=2000)},
    }
)
