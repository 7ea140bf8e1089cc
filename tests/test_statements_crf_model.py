"""The tagger hands crfsuite only the feature strings its model knows (crf_model.py)."""

from __future__ import annotations

from pathlib import Path

from newsmon.statements.crf_model import known_attributes, known_pairs
from newsmon.statements.tagger import _model, features, sequences, tokens

TEXT = (
    "“We support a ceasefire monitored by neutral states,” the Chinese Foreign Ministry "
    "spokesperson told reporters at a regular briefing in Beijing on Tuesday.\n"
    "Officials in Kyiv said the Zzyzxqw proposal was not acceptable, according to a "
    "statement, while Sen. Ted Cruz, R-Texas, warned that talks would fail."
)


def test_the_attributes_read_from_the_file_are_the_ones_pycrfsuite_dumps() -> None:
    model = _model()
    assert model.attributes is not None
    dumped = model.tagger.info().attributes
    assert model.attributes == {name.encode() for name in dumped}


def test_rows_without_unknown_strings_get_the_same_labels_and_marginals() -> None:
    model = _model()
    tagger, attributes = model.tagger, model.attributes
    assert attributes is not None
    found = tokens(TEXT)
    dropped = 0
    for begin, end in sequences(TEXT, found):
        full = features(found[begin:end])
        known = features(found[begin:end], model)
        assert known == [[s for s in row if s in attributes] for row in full]
        dropped += sum(map(len, full)) - sum(map(len, known))
        labels = tagger.tag(full)
        full_marginals = [tagger.marginal(label, i) for i, label in enumerate(labels)]
        assert tagger.tag(known) == labels
        assert [tagger.marginal(label, i) for i, label in enumerate(labels)] == full_marginals
    assert dropped > 0  # "Zzyzxqw" and its word pairs are unknown to any model


def test_word_pairs_with_a_bar_token_split_where_the_features_joined_them() -> None:
    names = [b"bi=a|b", b"bi=||b", b"bi=a||", b"bi=|||", b"w=a"]
    pairs = known_pairs(frozenset(names))
    assert pairs == {
        (b"a", b"b"): (b"bi=a|b",),
        (b"|", b"b"): (b"bi=||b",),
        (b"a", b"|"): (b"bi=a||",),
        (b"|", b"|"): (b"bi=|||",),
    }


def test_a_file_that_is_no_crfsuite_model_filters_nothing(tmp_path: Path) -> None:
    for content in (b"", b"not a model at all, just some bytes" * 4):
        path = tmp_path / "model.crfsuite"
        path.write_bytes(content)
        assert known_attributes(path) is None
