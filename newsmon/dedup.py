"""Duplicate detection: canonical URLs, exact content hashes and near-duplicates.

Near-duplicates (syndicated copies, rewrites with a new headline or trimmed
paragraphs, copies with or without captions) are found with MinHash over word
shingles and LSH banding. The band keys are plain strings, so the index can
live in any database (see storage.dedup_index).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from newsmon.extract import normalise_for_matching

NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
SHINGLE_WORDS = 5
# Fewer shingles than this (a two-sentence summary) is too little to call a near-duplicate.
MIN_SHINGLES = 12
DUPLICATE_THRESHOLD = 0.5
_SEED = 1
# Shingles hashed per MinHash update: a 2,000 x NUM_PERM array of 64-bit values is 2 MB,
# small enough to stay in cache (10,000 measured 1.5-3x slower per shingle on long texts).
_SIGNATURE_SLICE = 2_000

_TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|yclid|_ga|_gl|ocid|cmpid|"
    r"smid|smtyp|ref|ref_src|referrer|source|src|share|sh|s_cid|ito|at_medium|at_campaign|"
    r"outputtype|amp|__twitter_impression)$",
    re.I,
)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_WORD = re.compile(r"\w+", re.UNICODE)


def canonicalise_url(url: str) -> str:
    """One spelling per article: no tracking, fragment, AMP or mobile variants.

    A URL that cannot be parsed ("http://[::1", a port of 99999) is its own spelling.
    """
    try:
        return _canonical(url)
    except ValueError:
        return url.strip()


def _canonical(url: str) -> str:
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    for prefix in ("amp.", "m.", "mobile."):
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix) :]
    if parts.port and parts.port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{parts.port}"
    path = re.sub(r"/{2,}", "/", parts.path or "/")
    path = _without_amp_suffix(path) or "/"
    path = re.sub(r"\.amp(\.html?)?$", r"\1", path)
    query = urlencode(
        sorted(
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not _TRACKING_PARAMS.match(k)
        )
    )
    return urlunsplit((scheme, host, path, query, ""))


def _without_amp_suffix(path: str) -> str:
    """PATH without trailing /amp segments (and a final slash after them).

    The regex (/amp)+/?$ does the same but is retried from every /amp in the path:
    quadratic in a hostile URL made of thousands of them.
    """
    end = len(path) - 1 if path.endswith("/") else len(path)
    stripped = end
    while path.endswith("/amp", 0, stripped):
        stripped -= len("/amp")
    return path if stripped == end else path[:stripped]


def content_hash(text: str) -> str:
    return _hash_of_folded(_folded(text))


def fingerprints(text: str) -> tuple[str, Signature]:
    """``content_hash`` and ``signature`` of TEXT, normalising it once for both."""
    return fingerprints_of_folded(_folded(text))


def fingerprints_of_folded(folded: str) -> tuple[str, Signature]:
    """``fingerprints`` of a text already folded (``without_repeated_paragraphs`` gives it)."""
    return _hash_of_folded(folded), _signature_of_folded(folded)


def _folded(text: str) -> str:
    """TEXT as duplicates are compared: normalised for matching, then case-folded."""
    return normalise_for_matching(text).casefold()


def _hash_of_folded(folded: str) -> str:
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def drop_repeated_paragraphs(text: str, min_chars: int = 20) -> str:
    """Keep the first of paragraphs printed twice in one page (a caption, a pull quote)."""
    return without_repeated_paragraphs(text, min_chars)[0]


def without_repeated_paragraphs(text: str, min_chars: int = 20) -> tuple[str, str]:
    """``drop_repeated_paragraphs`` of TEXT, and what it keeps folded as duplicates are
    compared (what ``fingerprints_of_folded`` takes), from one normalisation a paragraph.

    Folding paragraph by paragraph and joining with spaces is folding the kept text
    whole: a newline composes with nothing under NFKC, and split() takes it for a space.
    """
    seen: set[str] = set()
    kept = []
    folded = []
    for paragraph in text.split("\n"):
        key = normalise_for_matching(paragraph).casefold()
        if len(key) >= min_chars:
            if key in seen:
                continue
            seen.add(key)
        kept.append(paragraph)
        if key:
            folded.append(key)
    return "\n".join(kept), " ".join(folded)


@dataclass(frozen=True)
class Signature:
    """A MinHash signature; ``empty`` when the text is too short to compare."""

    values: tuple[int, ...]

    @property
    def empty(self) -> bool:
        return not self.values

    def to_bytes(self) -> bytes:
        import numpy as np  # numpy is a quarter second to load: only when signatures are used

        return np.asarray(self.values, dtype="<u4").tobytes()

    @cached_property
    def bands(self) -> tuple[int, ...]:
        """``band_keys``, hashed once: the store looks a signature up, matches it and
        indexes it, each by its band keys."""
        if self.empty:
            return ()
        import numpy as np

        values = np.asarray(self.values, dtype="<u4")
        return tuple(
            int.from_bytes(
                hashlib.blake2b(
                    bytes([band]) + values[band * ROWS : (band + 1) * ROWS].tobytes(), digest_size=8
                ).digest(),
                "little",
                signed=True,
            )
            for band in range(BANDS)
        )

    @classmethod
    def from_bytes(cls, data: bytes) -> Signature:
        import numpy as np

        return cls(tuple(np.frombuffer(data, dtype="<u4").tolist()))


def shingles(text: str) -> set[bytes]:
    return _shingles_of_folded(_folded(text))


def _shingles_of_folded(folded: str) -> set[bytes]:
    words = _WORD.findall(folded)
    return {
        " ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8")
        for i in range(max(0, len(words) - SHINGLE_WORDS + 1))
    }


def signature(text: str) -> Signature:
    return _signature_of_folded(_folded(text))


def _signature_of_folded(folded: str) -> Signature:
    grams = _shingles_of_folded(folded)
    if len(grams) < MIN_SHINGLES:
        return Signature(())
    # datasketch pulls in scipy (about a second): import it only when there is text to
    # hash, so that a pass over unchanged feeds and the read-only commands start fast.
    from datasketch import MinHash

    minhash = MinHash(num_perm=NUM_PERM, seed=_SEED, permutations=_permutations(), scheme=_SCHEME)
    # update_batch builds a (shingles x NUM_PERM) array of 64-bit values: in one go a
    # 10 MB page would need gigabytes. In slices the minimum is the same, memory stays flat.
    batch = list(grams)
    for start in range(0, len(batch), _SIGNATURE_SLICE):
        minhash.update_batch(batch[start : start + _SIGNATURE_SLICE])
    return Signature(tuple(int(v) for v in minhash.hashvalues))


# datasketch's default scheme; named, since permutations passed in must name theirs.
_SCHEME = "affine32"


@cache
def _permutations() -> Any:
    """The seed's permutations, drawn once per process rather than once per signature
    (datasketch draws them from a fresh random generator in every MinHash it builds)."""
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME).permutations


def band_keys(sig: Signature) -> list[int]:
    """One signed 64-bit key per LSH band (an integer keeps the index small)."""
    return list(sig.bands)


def similarity(a: Signature, b: Signature) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets."""
    if a.empty or b.empty:
        return 0.0
    import numpy as np

    return float(np.mean(np.asarray(a.values) == np.asarray(b.values)))
