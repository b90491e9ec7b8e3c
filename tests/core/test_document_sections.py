"""The section registry: areas register named live sections; documents render them by name
without importing any area."""

import ast
from datetime import date
from pathlib import Path

import pytest

from core.documents import blocks as b
from core.documents import sections

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def scratch_section():
    name = "test_scratch_section"

    def render(ctx):
        if ctx.meeting is None:
            raise sections.Absent("there is no meeting to report on")
        ctx.record(name, 7)
        return [b.Para(f"{ctx.meeting} as at {ctx.as_at:%d %B %Y} for {'the public' if ctx.public else 'members'}")]

    frozen = []
    sections.register(name, "Scratch", render, on_publish=lambda refs, *, label, user=None: frozen.append(
        (refs, label)))
    yield name, frozen
    sections._REGISTRY.pop(name)


def test_a_new_section_renders_with_the_context_it_is_given_and_freezes_what_it_printed(scratch_section):
    name, frozen = scratch_section
    ctx = sections.Context(as_at=date(2017, 3, 1), meeting="Children's Services Committee", public=False)
    out = sections.render(name, ctx)
    assert out[0].text == "Children's Services Committee as at 01 March 2017 for members"
    assert ctx.printed == {name: [7]}
    sections.on_publish(ctx.printed, label="v1")
    assert frozen == [([7], "v1")]


def test_a_section_without_its_data_prints_one_sentence_saying_what_is_missing(scratch_section):
    name, _ = scratch_section
    ctx = sections.Context(as_at=date(2017, 3, 1))
    out = sections.render(name, ctx, title="Scratch table")
    assert [x.text for x in out] == ["Scratch table as at 01 March 2017 is not included: there is no meeting "
                                     "to report on."]
    assert ctx.notes == [out[0].text]


def test_every_area_registers_its_own_sections():
    names = {s.name for s in sections.all_sections()}
    assert {"vital_signs_dashboard", "mi_report", "exception_list", "report_cards", "risk_register",
            "budget_tables"} <= names
    assert sections.get("report_cards").on_publish is not None


def _imported_modules(folder):
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                yield path, [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                yield path, [node.module]


@pytest.mark.parametrize("folder", ["committees/packs", "core/documents"])
def test_documents_and_packs_import_no_area(folder):
    bad = [(str(p.relative_to(ROOT)), m) for p, mods in _imported_modules(ROOT / folder) for m in mods
           if m.split(".")[0] in {"performance", "finance", "riskregister"}]
    assert bad == []


def test_the_document_vocabulary_is_django_free():
    assert [(str(p), m) for p, mods in _imported_modules(ROOT / "core/documents") for m in mods
            if m.split(".")[0] == "django"] == []
