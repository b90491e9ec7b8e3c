import re

import pytest
from pypdf import PdfReader

from tests.packs.march2017 import make_meeting


@pytest.fixture
def media(settings, tmp_path, monkeypatch):
    """Pack files under the test's own folder (the worker process gets it by environment)."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    monkeypatch.setenv("MEDIA_ROOT", str(root))
    return root


@pytest.fixture
def march(db, media):
    return make_meeting()


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Start builds inside this: the task is sent on commit and runs eagerly."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def page_texts(path):
    reader = PdfReader(path)
    return reader, [page.extract_text() for page in reader.pages]


def outline_titles(reader):
    out = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                out.append((item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline)
    return out


def agenda_page_numbers(texts):
    """{item number: page printed beside it} read from the agenda pages of the PDF."""
    found = {}
    for text in texts:
        lines = text.splitlines()
        if not lines or lines[0].strip() != "Agenda":
            continue
        body = "\n".join(lines[:-1])  # the last line is the page's own "Page N"
        for number, chunk in re.findall(r"(?ms)^(\d+)\.\n(.*?)(?=^\d+\.\n|\Z)", body):
            page = re.search(r"\bPage (\d+)\b", chunk)
            if page:
                found[int(number)] = int(page.group(1))
    return found


def footer_number(text):
    match = re.search(r"Page (\d+)\s*$", text)
    return int(match.group(1)) if match else None
