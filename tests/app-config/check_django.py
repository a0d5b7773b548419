"""Exercises a generated `read_write_split` package with Django itself.

Usage: python check_django.py DIR  (DIR holds read_write_split/; the region's .env is in the
environment). Prints a JSON report of what the router chose in each situation.
"""

import json
import sys
import time

sys.path.insert(0, sys.argv[1])

import django  # noqa: E402
from django.conf import settings  # noqa: E402

import read_write_split.settings as generated  # noqa: E402

settings.configure(
    DATABASES=generated.DATABASES,
    DATABASE_ROUTERS=generated.DATABASE_ROUTERS,
    READ_AFTER_WRITE_WINDOW_MS=generated.READ_AFTER_WRITE_WINDOW_MS,
    INSTALLED_APPS=[],
    ALLOWED_HOSTS=["*"],
    SECRET_KEY="only-for-this-check",
)
django.setup()

from django.db import router  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import RequestFactory  # noqa: E402

from read_write_split.middleware import COOKIE, ReadAfterWriteMiddleware  # noqa: E402


class Model:
    """Routers receive a model class; this one's is never looked at."""


seen = {}


def view(label, writes):
    def handle(request):
        if writes:
            seen[label + "_write"] = router.db_for_write(Model)
        seen[label] = router.db_for_read(Model)
        return HttpResponse("ok")

    return handle


def run(label, method, writes=False, cookie=None):
    factory = RequestFactory()
    request = getattr(factory, method)("/")
    if cookie is not None:
        request.COOKIES[COOKIE] = cookie
    response = ReadAfterWriteMiddleware(view(label, writes))(request)
    morsel = response.cookies.get(COOKIE)
    return morsel.value if morsel else None


now = int(time.time() * 1000)
window = generated.READ_AFTER_WRITE_WINDOW_MS
report = {"outside_request": router.db_for_read(Model)}
report["get_cookie"] = run("get", "get")
write_cookie = run("post", "post", writes=True)
report["post_cookie_ms_ahead"] = int(write_cookie) - now if write_cookie else None
run("get_after_write", "get", cookie=write_cookie)
run("get_after_window", "get", cookie=str(now - 1))
run("get_forged_cookie", "get", cookie=str(now + 10**9))
run("get_garbage_cookie", "get", cookie="not-a-number")
report["routes"] = seen
report["window_ms"] = window
report["databases"] = {
    alias: {key: value for key, value in config.items() if key != "PASSWORD"}
    for alias, config in settings.DATABASES.items()
}
report["password_from_environment"] = settings.DATABASES["default"]["PASSWORD"]
report["allow_migrate_replica"] = router.allow_migrate("replica", "app")
print(json.dumps(report))
