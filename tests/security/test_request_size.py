"""Request bodies are capped before they are read: uploads keep their own, larger limit."""

import io

import pytest
from django.core.handlers.wsgi import WSGIHandler

pytestmark = pytest.mark.django_db

HUGE = 300 * 1024 * 1024


class Body(io.RawIOBase):
    """A request body of ``size`` bytes that counts how much of it the server read."""

    def __init__(self, size):
        self.size, self.read_bytes = size, 0

    def readable(self):
        return True

    def readinto(self, buffer):
        n = min(len(buffer), self.size - self.read_bytes)
        buffer[:n] = b"a" * n
        self.read_bytes += n
        return n


def post(path, size, content_type="multipart/form-data; boundary=xyz"):
    body = Body(size)
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "REMOTE_ADDR": "127.0.0.1",
        "CONTENT_TYPE": content_type,
        "CONTENT_LENGTH": str(size),
        "wsgi.input": body,
        "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(),
    }
    statuses = []
    WSGIHandler()(environ, lambda status, headers: statuses.append(status))
    return int(statuses[0].split()[0]), body.read_bytes


@pytest.mark.parametrize("content_type", ["multipart/form-data; boundary=xyz", "application/x-www-form-urlencoded"])
def test_a_300_mb_post_to_sign_in_is_refused_unread(content_type):
    status, read = post("/accounts/login/", HUGE, content_type)
    assert status == 413
    assert read == 0


def test_a_large_json_body_to_the_api_is_refused_unread():
    status, read = post("/api/v1/observations/bulk/", HUGE, "application/json")
    assert status == 413 and read == 0


def test_an_upload_view_allows_its_own_limit_but_no_more(settings):
    settings.MAX_UPLOAD_BYTES = 20 * 1024 * 1024
    status, read = post("/performance/import/", 15 * 1024 * 1024)
    assert status != 413  # not refused for size (it is refused for not being signed in)
    status, read = post("/performance/import/", HUGE)
    assert status == 413 and read == 0


def test_an_ordinary_form_within_the_limit_is_untouched(client):
    assert client.post("/accounts/login/", {"username": "x", "password": "y"}).status_code == 200
