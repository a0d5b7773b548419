//! Django: a `read_write_split` package — `settings.py` (`DATABASES` with `default` on the
//! writer and `replica` on the region's reader, `DATABASE_ROUTERS`, the window), a router
//! that sends reads to the replica except inside the window, and a middleware that carries
//! the window from a write to the same client's next requests in a cookie.

use std::collections::BTreeMap;

use crate::design::{Design, Engine};

pub fn files(design: &Design) -> BTreeMap<String, String> {
    BTreeMap::from([
        (
            "read_write_split/__init__.py".to_owned(),
            format!(
                "{}\"\"\"Read/write splitting with a read-after-write window.\"\"\"\n",
                design.header("#", "Django read/write splitting.", false)
            ),
        ),
        ("read_write_split/settings.py".to_owned(), settings(design)),
        ("read_write_split/context.py".to_owned(), context(design)),
        ("read_write_split/router.py".to_owned(), router(design)),
        (
            "read_write_split/middleware.py".to_owned(),
            middleware(design),
        ),
    ])
}

fn settings(design: &Design) -> String {
    let header = design.header(
        "#",
        "Database settings: in your settings module, `from read_write_split.settings import *`\n# and add \"read_write_split.middleware.ReadAfterWriteMiddleware\" to MIDDLEWARE.",
        false,
    );
    let (engine, options) = match design.engine {
        Engine::Mysql => (
            "django.db.backends.mysql",
            r#"{"charset": "utf8mb4", "ssl_mode": "REQUIRED"}"#,
        ),
        _ => ("django.db.backends.postgresql", r#"{"sslmode": "require"}"#),
    };
    format!(
        r#"{header}
import os
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

#: Reads go to the writer this long after the same client's write (see the derivation above).
READ_AFTER_WRITE_WINDOW_MS = int(os.environ.get("READ_AFTER_WRITE_WINDOW_MS", "{window}"))


def database_from_url(variable, **extra):
    """One DATABASES entry from a connection string in the environment."""
    text = os.environ.get(variable)
    if not text:
        raise ImproperlyConfigured(f"{{variable}} is not set: load this region's .env file")
    url = urlsplit(text)
    if not url.hostname or "{{{{" in text:
        raise ImproperlyConfigured(f"{{variable}} has no host (are its Terraform placeholders filled?)")
    return {{
        "ENGINE": "{engine}",
        "NAME": unquote(url.path.lstrip("/")),
        "USER": unquote(url.username or ""),
        "PASSWORD": os.environ.get("DATABASE_PASSWORD", unquote(url.password or "")),
        "HOST": url.hostname,
        "PORT": str(url.port or {port}),
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {options},
        **extra,
    }}


DATABASES = {{
    "default": database_from_url("DATABASE_URL_PRIMARY"),
    "replica": database_from_url("DATABASE_URL_REPLICA", TEST={{"MIRROR": "default"}}),
}}

DATABASE_ROUTERS = ["read_write_split.router.ReadAfterWriteRouter"]
"#,
        window = design.window.window_ms,
        port = design.engine.port(),
    )
}

fn context(design: &Design) -> String {
    let header = design.header(
        "#",
        "The current request's read-after-write deadline.",
        false,
    );
    format!(
        r#"{header}
import time
from contextvars import ContextVar

from django.conf import settings

#: Until when (ms since the epoch) this request's reads go to the writer; 0: no window.
_primary_until = ContextVar("read_write_split_primary_until", default=0)


def now_ms():
    return int(time.time() * 1000)


def window_ms():
    return int(getattr(settings, "READ_AFTER_WRITE_WINDOW_MS", {window}))


def open_window():
    """A write happened: reads go to the writer for the window."""
    _primary_until.set(now_ms() + window_ms())


def continue_window(deadline_ms):
    """Resumes a window opened by an earlier request; returns a token for `reset`."""
    return _primary_until.set(min(int(deadline_ms), now_ms() + window_ms()))


def reset(token):
    _primary_until.reset(token)


def deadline():
    return _primary_until.get()


def reads_from_primary():
    return now_ms() < _primary_until.get()
"#,
        window = design.window.window_ms
    )
}

fn router(design: &Design) -> String {
    let header = design.header(
        "#",
        "Routes writes to `default`, reads to `replica` outside the window.",
        false,
    );
    format!(
        r#"{header}
from . import context


class ReadAfterWriteRouter:
    """Writes go to the writer and open the window; reads go to the replica outside it."""

    def db_for_read(self, model, **hints):
        return "default" if context.reads_from_primary() else "replica"

    def db_for_write(self, model, **hints):
        context.open_window()
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same data.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
"#
    )
}

fn middleware(design: &Design) -> String {
    let header = design.header(
        "#",
        "Carries the window from a write to the same client's next requests in a cookie.",
        false,
    );
    format!(
        r#"{header}
import math

from . import context

COOKIE = "read_after_write_until"


class ReadAfterWriteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            carried = int(request.COOKIES.get(COOKIE, "0"))
        except ValueError:
            carried = 0
        token = context.continue_window(carried)
        try:
            response = self.get_response(request)
            deadline = context.deadline()
            if deadline > carried and deadline > context.now_ms():
                response.set_cookie(
                    COOKIE,
                    str(deadline),
                    max_age=math.ceil(context.window_ms() / 1000),
                    secure=True,
                    httponly=True,
                    samesite="Lax",
                )
            return response
        finally:
            context.reset(token)
"#
    )
}
