"""Django settings for netjobs: wiring only. Values come from `netjobs.config` (env, netjobs.toml, defaults)."""

from __future__ import annotations

import dj_database_url
from xstatic.pkg import bootstrap as xstatic_bootstrap

from netjobs.config import load_config

NETJOBS = load_config()
HOME = NETJOBS.home

SECRET_KEY = NETJOBS.secret_key
DEBUG = NETJOBS.debug
ALLOWED_HOSTS = NETJOBS.allowed_hosts
CSRF_TRUSTED_ORIGINS = NETJOBS.get("csrf_trusted_origins", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "django_htmx",
    "netjobs.core",
    "netjobs.jobs",
    "netjobs.scheduling",
    "netjobs.events",
    "netjobs.gitsources",
    "netjobs.tenancy",
    "netjobs.dcim",
    "netjobs.ipam",
    "netjobs.circuits",
    "netjobs.maintenance",
    "netjobs.web",
    "netjobs.users",
    "netjobs.extras",
    "netjobs.contracts",
    "netjobs.automation",
    "netjobs.automation.records",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "netjobs.core.middleware.ChangeContextMiddleware",
]

ROOT_URLCONF = "netjobs.urls"
WSGI_APPLICATION = "netjobs.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "netjobs.web.context_processors.navigation",
            ],
        },
    },
]

# --- Databases ---------------------------------------------------------------------------------------------
# "default" holds the inventory and everything a job changes; "jobs" is the bookkeeping alias (results, logs,
# workers, locks). Bookkeeping must never wait on a job's data transaction: on SQLite that means a second file
# (one writer per file), on PostgreSQL a second connection to the same database (see netjobs.core.routers).
_SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    "timeout": 30,
}
if NETJOBS.database_url:
    _default = dj_database_url.parse(NETJOBS.database_url, conn_max_age=0)
    DATABASES = {"default": _default, "jobs": {**_default, "OPTIONS": dict(_default.get("OPTIONS", {}))}}
    NETJOBS_SPLIT_BOOKKEEPING = _default["ENGINE"] == "django.db.backends.sqlite3"
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(HOME / "netjobs.sqlite3"),
            "OPTIONS": _SQLITE_OPTIONS,
            "TEST": {"NAME": str(HOME / "test-netjobs.sqlite3")},
        },
        "jobs": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(HOME / "netjobs-jobs.sqlite3"),
            # Bookkeeping transactions are tiny; IMMEDIATE takes the write lock up front so that two writers
            # queue on the busy timeout instead of failing on a lock upgrade.
            "OPTIONS": {**_SQLITE_OPTIONS, "transaction_mode": "IMMEDIATE"},
            "TEST": {"NAME": str(HOME / "test-netjobs-jobs.sqlite3")},
        },
    }
    NETJOBS_SPLIT_BOOKKEEPING = True
if NETJOBS_SPLIT_BOOKKEEPING and NETJOBS.database_url:
    # SQLite by URL: the same two-file layout and options as the default set-up.
    DATABASES["jobs"]["NAME"] = str(DATABASES["default"]["NAME"]) + "-jobs"
    DATABASES["default"]["OPTIONS"] = {**_SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
    DATABASES["jobs"]["OPTIONS"] = {**_SQLITE_OPTIONS, "transaction_mode": "IMMEDIATE"}
DATABASE_ROUTERS = ["netjobs.core.routers.BookkeepingRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    # The spec's `extras.run_job` and the framework's `jobs.run_job` are one permission.
    "netjobs.users.backends.PermissionAliasBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"

LANGUAGE_CODE = "en-us"
TIME_ZONE = NETJOBS.get("time_zone", "UTC")
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = str(HOME / "static")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# Bootstrap comes from the xstatic-bootstrap package (no CDN), served as /static/bootstrap/css/… and …/js/….
STATICFILES_DIRS = [("bootstrap", xstatic_bootstrap.BASE_DIR)]

REST_FRAMEWORK = {
    # Token first: a request without credentials then gets 401 with `WWW-Authenticate: Token`.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "netjobs.users.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "netjobs.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "netjobs.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "netjobs.api.exceptions.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "netjobs API",
    "DESCRIPTION": "Jobs, results, logs and the inventory. Authenticate with `Authorization: Token <key>`.",
    "VERSION": "2.4",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SCHEMA_PATH_PREFIX": "/api/",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {},
    # Swagger UI and Redoc from drf-spectacular-sidecar: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "PREPROCESSING_HOOKS": [],
    "EXTENSIONS_INFO": {},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "netjobs": {"handlers": ["console"], "level": NETJOBS.get("log_level", "INFO"), "propagate": False},
        # Job loggers write to the run's log through the runner's handler, not to the console.
        "netjobs.job": {"handlers": [], "level": "DEBUG", "propagate": False},
    },
}

# --- netjobs -----------------------------------------------------------------------------------------------
NETJOBS_JOBS_ROOT = NETJOBS.jobs_root
NETJOBS_QUEUE_BACKEND = NETJOBS.get("queue_backend", "celery" if NETJOBS.broker_url else "database")
# A running run asked to cancel is stopped by force after this many seconds (it may stop itself sooner).
NETJOBS_CANCEL_GRACE = NETJOBS.get("cancel_grace", 10.0)
# Distributed mode: runs still pending this long after they were queued are sent to the broker again.
NETJOBS_REDISPATCH_AFTER = NETJOBS.get("redispatch_after", 30.0)
CELERY_BROKER_URL = NETJOBS.broker_url or "memory://"
CELERY_TASK_DEFAULT_QUEUE = NETJOBS.get("default_queue", "default")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 2.0
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 24 * 3600}
NETJOBS_DEFAULT_QUEUE = NETJOBS.get("default_queue", "default")
NETJOBS_JOBS_ENABLED_BY_DEFAULT = NETJOBS.get("jobs_enabled_by_default", True)
# A worker heart-beats every HEARTBEAT seconds; one silent for WORKER_TIMEOUT is dead and its runs are errored.
NETJOBS_HEARTBEAT_INTERVAL = NETJOBS.get("heartbeat_interval", 5.0)
NETJOBS_WORKER_TIMEOUT = NETJOBS.get("worker_timeout", 30.0)
# Log lines are buffered per run and flushed at least this often (seconds).
NETJOBS_LOG_FLUSH_INTERVAL = NETJOBS.get("log_flush_interval", 0.2)
# Without a wake-up (a worker on another machine), workers look for new runs this often (seconds).
NETJOBS_POLL_INTERVAL = NETJOBS.get("poll_interval", 2.0)
NETJOBS_MAX_UPLOAD_SIZE = NETJOBS.get("max_upload_size", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = NETJOBS_MAX_UPLOAD_SIZE
FILE_UPLOAD_MAX_MEMORY_SIZE = NETJOBS_MAX_UPLOAD_SIZE

# --- E-mail (run notifications of netjobs.events; see docs/webhooks.md) --------------------------------------
EMAIL_BACKEND = NETJOBS.get("email_backend", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = NETJOBS.get("email_host", "localhost")
EMAIL_PORT = NETJOBS.get("email_port", 25)
EMAIL_HOST_USER = NETJOBS.get("email_host_user", "")
EMAIL_HOST_PASSWORD = NETJOBS.get("email_host_password", "")
EMAIL_USE_TLS = NETJOBS.get("email_use_tls", False)
EMAIL_USE_SSL = NETJOBS.get("email_use_ssl", False)
EMAIL_TIMEOUT = NETJOBS.get("email_timeout", 10)
DEFAULT_FROM_EMAIL = NETJOBS.get("email_from", "netjobs@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_SUBJECT_PREFIX = NETJOBS.get("email_subject_prefix", "[netjobs] ")
