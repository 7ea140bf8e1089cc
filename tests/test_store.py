"""The store on SQLite and on PostgreSQL: deduplication, novelty and the alert outbox."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading

from newsmon.analyse import analyse
from newsmon.config import AlertSettings, Route
from newsmon.models import Article
from newsmon.seeds import load_seed_articles
from newsmon.statements import SpeakerVocabulary
from newsmon.topics import Taxonomy, TopicRule
from storage.store import Store
from tests.conftest import REPO

TAXONOMY = Taxonomy({"peace-talks": TopicRule(any=("peace talks", "direct talks", "ceasefire"))})
VOCABULARY = SpeakerVocabulary()
ROUTE = Route(name="officials", targets=("json://hooks.example/x",))

BRIEFING = (
    "Beijing welcomed the new round of direct talks between Russia and Ukraine on Monday and "
    "urged both sides to agree a ceasefire.\n"
    '"China supports every effort that helps the parties reach a ceasefire and a durable peace '
    'agreement through negotiation," Chinese Foreign Ministry spokeswoman Mao Ning told a '
    "regular press briefing.\n"
    # No attribution here: since issue #15 "according to officials …" is a statement of its own,
    # and these tests count exactly one official statement (Mao Ning's).
    "The talks in Istanbul are expected to cover a prisoner exchange and the terms of a "
    "ceasefire memorandum, with delegations from both countries attending."
)


def article(url: str, text: str = BRIEFING, title: str = "China welcomes talks") -> Article:
    return Article(url=url, canonical_url=url, title=title, text=text, source="test")


def put(store: Store, item: Article, *, backfill: bool = False):  # type: ignore[no-untyped-def]
    return store.store_article(
        analyse(item, TAXONOMY, VOCABULARY), routes=[ROUTE], backfill=backfill
    )


def test_seeds_are_a_baseline_and_not_duplicates_of_each_other(store: Store) -> None:
    for seed in load_seed_articles(REPO / "seeds"):
        outcome = store.store_article(
            analyse(seed, TAXONOMY, VOCABULARY), routes=[ROUTE], is_seed=True
        )
        assert outcome.duplicate_of is None, f"{seed.url} marked a copy of {outcome.duplicate_of}"
    assert store.counts()["seeds"] == 5
    assert list(store.export_alerts()) == []


def test_copy_points_at_the_first_publisher_and_repeats_are_not_new(store: Store) -> None:
    first = put(store, article("https://a.example/1"))
    rewritten = BRIEFING.replace("on Monday", "on Monday afternoon") + "\nPhoto: Xinhua"
    copy = put(store, article("https://b.example/2", rewritten, "Beijing welcomes new talks"))
    assert first.duplicate_of is None and first.new_statements >= 1
    assert copy.duplicate_of == "https://a.example/1"
    assert copy.new_statements == 0 and copy.repeated_statements >= 1
    rows = [r for r in store.export_statements() if "durable peace" in r["text"]]
    assert [(r["item_url"], r["new"], r["duplicate_of"]) for r in rows] == [
        ("https://a.example/1", True, None),
        ("https://b.example/2", False, "https://a.example/1"),
    ]


def test_the_same_url_is_stored_once(store: Store) -> None:
    put(store, article("https://a.example/1"))
    again = put(store, article("https://a.example/1"))
    assert again.skipped == "already stored"
    assert store.counts()["items"] == 1


def test_official_statement_is_queued_once_and_backfill_suppresses(store: Store) -> None:
    put(store, article("https://a.example/1"))
    alerts = list(store.export_alerts())
    assert [(a["speaker"], a["status"]) for a in alerts] == [("Mao Ning", "pending")]

    other = (
        '"The second round of direct talks is a positive step and Beijing will keep in touch '
        'with both delegations," Chinese Foreign Ministry spokesperson Lin Jian said on Tuesday.'
    )
    put(store, article("https://c.example/3", other, "Other"), backfill=True)
    statuses = {(a["speaker"], a["status"], a["reason"]) for a in store.export_alerts()}
    assert ("Lin Jian", "suppressed", "backfill mode") in statuses


def test_two_claimers_never_get_the_same_alert(store: Store) -> None:
    subjects = [
        "grain corridors",
        "energy infrastructure",
        "nuclear safety",
        "humanitarian convoys",
        "border crossings",
        "maritime shipping",
        "prisoner lists",
        "mine clearance",
        "reconstruction funds",
        "refugee returns",
    ]
    for i, subject in enumerate(subjects):
        quote = f"Beijing expects both parties to reach practical arrangements on {subject} soon"
        text = (
            f'"{quote}," Chinese Foreign Ministry spokesperson Lin Jian said about the peace talks.'
        )
        put(store, article(f"https://a.example/{i}", text, f"T{i}"))
    pending = store.counts()["alerts_pending"]
    assert pending == 10
    claimed: list[list[int]] = [[], []]
    barrier = threading.Barrier(2)

    def claim(slot: int) -> None:
        barrier.wait()
        claimed[slot] = [c.group_id for c in store.claim_groups({"officials": "statement"})]

    threads = [threading.Thread(target=claim, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not set(claimed[0]) & set(claimed[1]), "an alert was claimed twice"
    assert len(claimed[0]) + len(claimed[1]) == pending, "an alert was left unclaimed"


def test_failed_delivery_backs_off_then_dead_letters(store: Store) -> None:
    put(store, article("https://a.example/1"))
    settings = AlertSettings(max_attempts=2, retry_backoff_seconds=3600)
    [claimed] = store.claim_groups()
    assert store.finish_group(claimed.group_id, {"json://x": "HTTP 500"}, settings) == "pending"
    assert store.claim_groups() == [], "retried before its backoff elapsed"

    now_due = AlertSettings(max_attempts=2, retry_backoff_seconds=0)
    store.finish_group(claimed.group_id, {"json://x": "HTTP 500"}, now_due)
    [alert] = list(store.export_alerts())
    assert (alert["status"], alert["attempts"]) == ("dead", 2)


def test_alert_claimed_by_a_killed_process_is_handed_over(store: Store) -> None:
    put(store, article("https://a.example/1"))
    claimer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from storage.store import Store; "
            f"Store({store.url!r}).claim_groups(); print('claimed', flush=True); time.sleep(600)",
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert claimer.stdout is not None
    assert claimer.stdout.readline().strip() == "claimed"
    assert store.claim_groups() == [], "a live run's claim was taken over"
    os.kill(claimer.pid, signal.SIGKILL)
    claimer.wait()
    [handed_over] = store.claim_groups()
    assert [m.speaker for m in handed_over.messages] == ["Mao Ning"]


QUOTE = (
    '"China supports every effort that helps the parties reach a ceasefire and a durable peace '
    'agreement through negotiation," Chinese Foreign Ministry spokeswoman Mao Ning said.'
)


def _dated(url: str, text: str, day: int) -> Article:
    from datetime import UTC, datetime

    item = article(url, text=text + "\n" + BRIEFING.split("\n")[2], title=f"Story {url}")
    item.published = datetime(2026, 11, day, tzinfo=UTC)
    return item


def test_an_earlier_copy_arriving_later_becomes_the_first_publisher_without_a_new_alert(
    store: Store,
) -> None:
    later = put(store, _dated("https://b.example/later", "Wire story. " + QUOTE, day=20))
    assert later.new_statements == 1 and later.alerts_queued == 1
    earlier = put(store, _dated("https://a.example/earlier", "Original report. " + QUOTE, day=18))
    assert earlier.new_statements == 0 and earlier.alerts_queued == 0
    rows = [r for r in store.export_statements() if "durable peace" in r["text"]]
    assert {r["first_publisher_url"] for r in rows} == {"https://a.example/earlier"}
    by_url = {r["item_url"]: r for r in rows}
    assert by_url["https://b.example/later"]["duplicate_of"] == "https://a.example/earlier"
    assert by_url["https://a.example/earlier"]["duplicate_of"] is None
    assert by_url["https://b.example/later"]["new"] is True, "novelty is what was seen first"
    assert store.counts()["alerts_pending"] == 1


def test_a_longer_window_of_the_same_line_becomes_the_stored_text(store: Store) -> None:
    short = (
        '"China supports every effort that helps the parties reach a ceasefire," '
        "Chinese Foreign Ministry spokeswoman Mao Ning said."
    )
    put(store, _dated("https://a.example/short", "Report. " + short, day=18))
    put(store, _dated("https://b.example/long", "Report. " + QUOTE, day=19))
    rows = [r for r in store.export_statements() if "every effort" in r["text"]]
    assert len({r["statement_id"] for r in rows}) == 1
    assert all("durable peace" in r["statement_text"] for r in rows)


def test_a_batch_is_stored_in_one_call_with_copies_pointing_inside_the_batch(
    store: Store,
) -> None:
    first = analyse(article("https://a.example/one"), TAXONOMY, VOCABULARY)
    copy = analyse(article("https://b.example/copy"), TAXONOMY, VOCABULARY)
    outcomes = store.store_articles([first, copy], routes=[ROUTE])
    assert outcomes[0].duplicate_of is None and outcomes[0].new_statements >= 1
    assert outcomes[1].duplicate_of == "https://a.example/one"
    assert outcomes[1].new_statements == 0 and outcomes[1].alerts_queued == 0


def test_stubs_below_the_article_threshold_are_never_duplicates(store: Store) -> None:
    first = put(store, article("https://a.example/404", text="", title="Gone"))
    second = put(store, article("https://b.example/404", text="", title="Also gone"))
    assert first.duplicate_of is None and second.duplicate_of is None


def _with_statement(url: str, speaker: object, quote: str, kind: str = "direct") -> object:
    from newsmon.analyse import AnalysedArticle
    from newsmon.dedup import content_hash, signature
    from newsmon.models import Statement, TopicLabel

    text = f"{url} reports. " + BRIEFING
    item = article(url, text=text)
    item.topics = [TopicLabel("peace-talks", 2.0)]
    item.statements = [Statement(speaker=speaker, text=quote, kind=kind)]  # type: ignore[arg-type]
    return AnalysedArticle(item, content_hash(text), signature(text))


def test_the_speaker_registry_fills_what_a_later_article_leaves_out(store: Store) -> None:
    from newsmon.config import KnownSpeaker
    from newsmon.models import Speaker

    store.sync_known_speakers([KnownSpeaker(name="Lin Jian", country="China", official=True)])
    full = Speaker(
        "Sergei Ryabkov", role="deputy foreign minister", country="Russia", official=True
    )
    store.store_articles(
        [_with_statement("https://a.example/1", full, "We are ready for talks in Istanbul soon.")],
        routes=[ROUTE],
    )
    bare = Speaker("Sergei Ryabkov")
    lin = Speaker("Lin Jian", role="spokesperson")
    store.store_articles(
        [
            _with_statement("https://b.example/2", bare, "Moscow will answer any provocation."),
            _with_statement("https://c.example/3", lin, "China supports direct talks always."),
        ],
        routes=[ROUTE],
    )
    rows = {r["text"]: r for r in store.export_statements()}
    later = rows["Moscow will answer any provocation."]
    assert (later["role"], later["country"], later["official"]) == (
        "deputy foreign minister",
        "Russia",
        True,
    )
    lin_row = rows["China supports direct talks always."]
    assert (lin_row["role"], lin_row["country"], lin_row["official"]) == (
        "spokesperson",
        "China",
        True,
    )
    profile = store.speaker_profile("sergei ryabkov")
    assert profile is not None and profile.established_by["role"] > 0
    speakers = {s["name"]: s for s in store.export_speakers()}
    assert speakers["Lin Jian"]["role"] == "spokesperson"  # learned where config was silent


def test_two_windows_of_one_line_in_one_item_are_both_kept_on_its_mention(store: Store) -> None:
    whole = (
        '"China supports every effort that helps the parties reach a ceasefire, and Beijing '
        "will keep sending its envoy to Kyiv and Moscow until both capitals agree a durable "
        'peace agreement through negotiation," Chinese Foreign Ministry spokeswoman Mao Ning said.'
    )
    put(store, _dated("https://a.example/whole", "Report. " + whole, day=18))
    windows = (
        '"China supports every effort that helps the parties reach a ceasefire," Mao Ning said '
        "on Monday.\nThe talks went on late into the night in Istanbul.\n"
        '"Beijing will keep sending its envoy to Kyiv and Moscow until both capitals agree," '
        "Mao Ning added."
    )
    put(store, _dated("https://b.example/windows", "Report. " + windows, day=19))
    rows = [r for r in store.export_statements() if r["item_url"] == "https://b.example/windows"]
    assert len({r["statement_id"] for r in rows}) == 1, rows
    assert "every effort" in rows[0]["text"] and "sending its envoy" in rows[0]["text"]


def test_a_stored_line_is_compared_as_its_kind_which_its_longer_form_brings(
    store: Store,
) -> None:
    from sqlmodel import select

    from newsmon.models import Speaker
    from storage.models import StatementRecord

    minister = Speaker("Anna Karlsson")
    stored = [
        # A quote, then a longer window of it reported by another outlet: one statement,
        # now in the reported words.
        ("bar foreign trawlers from fishing the northern banks", "direct"),
        ("to bar foreign trawlers from fishing the northern banks until the spring", "reported"),
        # A quote that rewrites the reported words (read back from the database, in a
        # batch of its own): a paraphrase and a quote share words, not a line.
        ("a bar on foreign trawlers fishing the northern banks until spring", "direct"),
    ]
    for number, (text, kind) in enumerate(stored):
        item = _with_statement(f"https://{number}.example/", minister, text, kind)
        store.store_articles([item], routes=[ROUTE])  # type: ignore[list-item]
    with store.session() as session:
        records = session.exec(select(StatementRecord).order_by(StatementRecord.id)).all()
    assert [(r.text, r.kind) for r in records] == [stored[1], stored[2]]
