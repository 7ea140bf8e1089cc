"""Canonical URLs, exact hashes and near-duplicates, on the seeds and on rewrites."""

from __future__ import annotations

import itertools

import pytest

from newsmon.dedup import (
    DUPLICATE_THRESHOLD,
    Signature,
    band_keys,
    canonicalise_url,
    content_hash,
    drop_repeated_paragraphs,
    fingerprints,
    fingerprints_of_folded,
    shingles,
    signature,
    similarity,
    without_repeated_paragraphs,
)
from newsmon.extract import clean_text
from tests.conftest import REPO

SEEDS = {
    p.stem: clean_text(p.read_text(encoding="utf-8"))
    for p in sorted((REPO / "seeds").glob("*.txt"))
}


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        (
            "HTTPS://News.Example.COM:443/a/b?utm_source=rss&id=7#top",
            "https://news.example.com/a/b?id=7",
        ),
        ("https://m.example.com/story/1?fbclid=x", "https://example.com/story/1"),
        ("https://amp.example.com/story/1/amp/", "https://example.com/story/1"),
        ("https://example.com/story.amp.html", "https://example.com/story.html"),
        ("https://example.com/s?b=2&a=1&gclid=z", "https://example.com/s?a=1&b=2"),
        ("http://example.com:8080//x", "http://example.com:8080/x"),
    ],
)
def test_canonical_url(url: str, canonical: str) -> None:
    assert canonicalise_url(url) == canonical
    assert canonicalise_url(canonical) == canonical


def test_content_hash_ignores_curly_quotes_spacing_and_case() -> None:
    assert content_hash("“Peace”\u00a0now") == content_hash('"peace"   NOW')


def test_the_five_seeds_are_distinct_stories() -> None:
    for (a, ta), (b, tb) in itertools.combinations(SEEDS.items(), 2):
        assert similarity(signature(ta), signature(tb)) < DUPLICATE_THRESHOLD, (a, b)


def test_a_syndicated_rewrite_of_a_seed_is_a_near_duplicate() -> None:
    original = SEEDS["001_52bf5960488910e3"]
    paragraphs = original.split("\n")
    rewrite = "\n".join(["Beijing backs direct talks (wire)", *paragraphs[2:-1], "Advertisement"])
    a, b = signature(original), signature(rewrite)
    assert set(band_keys(a)) & set(band_keys(b))
    assert similarity(a, b) >= DUPLICATE_THRESHOLD


def test_short_texts_are_never_near_duplicates() -> None:
    short = signature("China welcomes the talks. Russia agrees.")
    assert short.empty and band_keys(short) == []
    assert similarity(short, short) == 0.0


def test_signature_round_trips_through_bytes() -> None:
    sig = signature(SEEDS["000_eb28595880a42bb2"])
    assert Signature.from_bytes(sig.to_bytes()) == sig
    assert len(sig.to_bytes()) == 512


def test_signatures_are_datasketchs_own_and_fingerprints_match_the_single_steps() -> None:
    """Signatures stored before the permutations were kept per process must still compare."""
    from datasketch import MinHash

    for text in SEEDS.values():
        reference = MinHash(num_perm=128, seed=1)
        reference.update_batch(list(shingles(text)))
        assert signature(text).values == tuple(int(v) for v in reference.hashvalues)
        assert fingerprints(text) == (content_hash(text), signature(text))


def test_the_paragraph_by_paragraph_folding_is_the_whole_texts() -> None:
    """analyse hashes the folding that dropping repeated paragraphs leaves, not the text."""
    awkward = (
        "\u0301Accent opening a paragraph\r\nafter a CRLF, «quoted» — with a dash\n"
        "\n  \u00a0 \n"
        "İstanbul ﬁnal ¼ STRASSE straße\u200bjoined\n"
        "A caption printed twice on the page\n"
        "a  caption printed  twice on the page\n"
        "\u2028line separator\tand tab\n"
    )
    for text in [*SEEDS.values(), awkward, "", "\n\n", "short\nshort"]:
        kept, folded = without_repeated_paragraphs(text)
        assert kept == drop_repeated_paragraphs(text)
        assert fingerprints_of_folded(folded) == fingerprints(kept)
