"""Every saved page in fixtures/, grouped by layout: process_page must give the reviewed output, field
by field; the hand-written checks hold on the actual output; the layouts are frozen."""

import json

import pytest

from antara_crawler.parsing.layouts import LAYOUTS
from antara_crawler.tools.fixtures import (
    expectation,
    field_diff,
    frozen_problems,
    layout_folder,
    layout_versions,
    read_lock,
)
from helpers import FIXTURES, fixtures

PAGES = fixtures()
IDS = [str(s.path.relative_to(FIXTURES).with_suffix("")) for s in PAGES]


def test_every_layout_and_kind_of_page_has_fixtures():
    folders = [s.path.parent.relative_to(FIXTURES).parts[0] for s in PAGES]
    for layout in [*(cls.NAME for cls in LAYOUTS), "generic", "not-article"]:
        assert folders.count(layout) >= 1, layout
    assert folders.count("current-2019") >= 8
    reasons = {s.meta["expected"]["rejected"]["reason"] for s in PAGES if "rejected" in s.meta["expected"]}
    assert {"video", "not_found", "not_article"} <= reasons


@pytest.mark.parametrize("saved", PAGES, ids=IDS)
def test_fixture_gives_its_expected_output_field_by_field(saved):
    actual = expectation(saved.page_input())
    expected = saved.meta["expected"]
    diff = field_diff(expected, actual)
    if diff and actual.get("parser_version") == expected.get("parser_version"):
        pytest.fail(
            f"{saved.path.name}: the output of {expected.get('parser_version')} changed without a version bump:\n"
            + "\n".join(diff)
        )
    assert not diff, f"{saved.path.name}: run `antara-crawler fixture update` and review:\n" + "\n".join(diff)


@pytest.mark.parametrize("saved", PAGES, ids=IDS)
def test_fixture_lives_in_its_layouts_folder(saved):
    assert saved.path.parent.relative_to(FIXTURES).parts[0] == layout_folder(saved.meta["expected"])


@pytest.mark.parametrize("saved", [s for s in PAGES if s.meta.get("checks")], ids=lambda s: s.path.stem)
def test_fixture_text_checks_hold_on_the_actual_output(saved):
    """Hand-written per page: text that must survive cleaning and text that must be gone."""
    body = expectation(saved.page_input()).get("body", "")
    for text in saved.meta["checks"].get("body_includes", []):
        assert text in body
    for text in saved.meta["checks"].get("body_excludes", []):
        assert text not in body


@pytest.mark.parametrize("saved", PAGES, ids=IDS)
def test_fixture_metadata_says_where_the_page_came_from(saved):
    meta = saved.meta
    assert meta["url"].startswith(("https://", "http://")) and meta["fetched_at"]
    provenance = meta["provenance"]
    assert isinstance(provenance["reconstructed"], bool)
    if provenance["reconstructed"]:  # a page written to imitate the site says what it was built from
        assert provenance["evidence"] and provenance["notes"]
    assert "raw_html" not in meta["expected"] and "content_hash" not in meta["expected"]


def test_layouts_are_frozen():
    assert frozen_problems(read_lock(FIXTURES)) == []


def test_a_layout_changed_without_a_version_bump_is_refused():
    recorded = layout_versions()
    edited = json.loads(json.dumps(recorded))
    edited["current-2019"]["fingerprint"] = "0" * 16  # as if the module's code had changed since
    [problem] = frozen_problems(edited, recorded)
    assert problem.startswith("current-2019: its code changed but its VERSION is still ")
    bumped = json.loads(json.dumps(recorded))
    bumped["old-2015"]["version"] = 0  # recorded at an older version: the new one must be recorded
    [problem] = frozen_problems(bumped, recorded)
    assert " is not recorded" in problem
