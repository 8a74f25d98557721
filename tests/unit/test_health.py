"""The drift alarms' rules (health.py), on measures as `measure` gives them."""

from test_store import fixture_articles

from antara_crawler.health import FIELDS, FURNITURE, alarms, measure
from antara_crawler.store import ArticleStore


def site(pages=20, generic=0, words=300, coverage=1.0, furniture=0, **fields):
    return {
        "pages": pages,
        "methods": {"dom:current-2019": pages - generic, **({"trafilatura": generic} if generic else {})},
        "coverage": {f: fields.get(f, coverage) for f in FIELDS},
        "median_words": words,
        "furniture": {name: furniture if name == "Baca juga" else 0 for name in FURNITURE},
    }


def healthy(n=3, **kwargs):
    return [{"sites": {"www": site(**kwargs)}} for _ in range(n)]


def test_a_run_like_the_ones_before_has_no_alarm():
    assert alarms({"www": site()}, {"https://www.antaranews.com/rss/terkini.xml": 12}, healthy()) == []


def test_each_drift_is_an_alarm():
    assert alarms({"www": site(generic=15)}, {}, []) == [
        "www: 75% of 20 pages read by the generic extractor (recent runs: 0%): has the layout changed?"
    ]
    assert alarms({"www": site(reporters=0.1)}, {}, healthy()) == [
        "www: reporters found in 10% of pages (recent runs: 100%)"
    ]
    assert alarms({"www": site(words=90)}, {}, healthy()) == ["www: median body 90 words (recent runs: 300)"]
    assert alarms({"www": site(furniture=5)}, {}, []) == ["www: 5 of 20 bodies still carry 'Baca juga'"]
    assert alarms({}, {"https://www.antaranews.com/terkini": 0}, []) == [
        "https://www.antaranews.com/terkini gave no links: has the feed or listing changed?"
    ]


def test_too_little_to_judge_is_no_alarm():
    assert alarms({"www": site(pages=2, generic=2)}, {}, []) == []  # two pages
    assert alarms({"www": site(pages=9, reporters=0.0)}, {}, healthy()) == []  # too few to compare coverage
    assert alarms({"www": site(reporters=0.0)}, {}, healthy(n=1)) == []  # one earlier run is no baseline
    assert alarms({"www": site(reporters=0.0)}, {}, healthy(pages=5)) == []  # nor are small ones
    assert alarms({"www": site(generic=20)}, {}, healthy(generic=20)) == []  # a site always read generically


def test_measure_reads_a_runs_articles_from_the_store(tmp_path):
    store = ArticleStore(str(tmp_path / "a.db"))
    articles = fixture_articles()
    store.store_articles(articles)
    sites = measure(store.db, "2000-01-01T00:00:00+00:00")
    assert sum(s["pages"] for s in sites.values()) == len(articles)
    www = [a for a in articles if a.site == "www"]
    assert sites["www"]["pages"] == len(www)
    assert sites["www"]["coverage"]["reporters"] == round(sum(bool(a.reporters) for a in www) / len(www), 3)
    assert measure(store.db, "2999-01-01T00:00:00+00:00") == {}  # nothing stored or seen since then
