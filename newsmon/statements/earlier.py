"""The earlier statements of one article that a new one is compared with.

Extraction merges a quote restated later in its article, and the store joins a line
an item repeats, each comparing a new statement only with earlier ones sharing a key.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from heapq import merge
from itertools import groupby, islice

# At most this many earlier statements that share a key are compared with a new one of
# the same article: enough for any real restatement, and a page of hundreds of lines made
# of the same few words costs a fixed amount per line, not one comparison per pair.
COMPARED_PER_STATEMENT = 16


def earliest_sharing(
    by_key: Mapping[str, Sequence[int]], keys: Iterable[str], limit: int = COMPARED_PER_STATEMENT
) -> list[int]:
    """The first LIMIT distinct indices, smallest first, listed under any of KEYS.

    Each list of BY_KEY is in ascending order (statements are indexed as they come), so
    the lists are merged and only their heads read: a common key's list of hundreds of
    lines costs the handful read, not a set of all of them per new statement.
    """
    lists = [by_key[key] for key in keys if key in by_key]
    return [index for index, _ in islice(groupby(merge(*lists)), limit)]
