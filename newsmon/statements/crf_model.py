"""The attribute names a CRFsuite model knows, read from its file.

CRFsuite looks up every feature string of a row in the model's attribute dictionary and
drops the ones it does not find (``Tagger::set``): a string unknown to the model changes
neither the labels nor the marginals, yet pycrfsuite copies it twice and hashes it once.
The tagger hands over only the known ones. pycrfsuite has no call that lists them short of
dumping the whole model as text (seconds), so the dictionary is read here from the file:
the model header (crfsuite's crf1d_model.c) and the CQDB chunk the attributes live in
(cqdb.c), whose backward array holds each record's offset by attribute id.
The word pairs among the names are looked up by their two words (``known_pairs``).
"""

from __future__ import annotations

import struct
from pathlib import Path

# "lCRF", file size, "FOMC", version, features, labels, attributes, then five chunk offsets.
_MODEL_HEADER = struct.Struct("<4sI4sIIIIIIIII")
# "CQDB", chunk size, flag, byte order check, records in the backward array, its offset.
_CQDB_HEADER = struct.Struct("<4sIIIII")
_RECORD_HEAD = struct.Struct("<iI")  # attribute id, key size (the key ends with a NUL)


def known_attributes(path: str | Path) -> frozenset[bytes] | None:
    """Every attribute name of the CRFsuite model at PATH, or None when the file does not
    read as one (then the tagger hands over all its strings, as CRFsuite filters anyway)."""
    with open(path, "rb") as model:
        header = model.read(_MODEL_HEADER.size)
        if len(header) < _MODEL_HEADER.size:
            return None
        magic, _, model_type, _, _, _, attributes, _, _, at = _MODEL_HEADER.unpack(header)[:10]
        if magic != b"lCRF" or model_type != b"FOMC":
            return None
        model.seek(at)
        head = model.read(_CQDB_HEADER.size)
        if len(head) < _CQDB_HEADER.size:
            return None
        cqdb, size, _flag, _order, records, backward = _CQDB_HEADER.unpack(head)
        if cqdb != b"CQDB" or records != attributes:
            return None
        # Only the dictionary's chunk is read (4 of the shipped model's 9.7 MB).
        chunk = head + model.read(size - len(head))
    if backward + 4 * records > len(chunk):
        return None
    names: list[bytes] = []
    # One offset at a time: a tuple of all of them would leave its freed ints' memory
    # interleaved with the names kept (about 8 MB more resident).
    offsets = memoryview(chunk)[backward : backward + 4 * records]
    for (offset,) in struct.iter_unpack("<I", offsets):
        identifier, key_size = _RECORD_HEAD.unpack_from(chunk, offset)
        key_start = offset + _RECORD_HEAD.size
        if identifier != len(names) or chunk[key_start + key_size - 1] != 0:
            return None
        names.append(chunk[key_start : key_start + key_size - 1])
    return frozenset(names)


def word_pair(previous: bytes, word: bytes) -> bytes:
    """The attribute name of two words in a row (tagger.features)."""
    return b"bi=" + previous + b"|" + word


def known_pairs(attributes: frozenset[bytes]) -> dict[tuple[bytes, bytes], tuple[bytes]]:
    """The word pairs among ATTRIBUTES by (previous, word), each as a row's one-name tuple.

    A word holds no "|" unless it is "|" (tagger's tokens), so each name splits one way.
    """
    spellings: dict[bytes, bytes] = {}  # one bytes object per word, shared by its pairs
    pairs = {}
    for name in attributes:
        if name.startswith(b"bi="):
            previous, _, word = name[3:].partition(b"|")
            if not previous:  # "bi=||x": the previous word is "|"
                previous, word = b"|", word[1:]
            if word_pair(previous, word) == name:
                key = (spellings.setdefault(previous, previous), spellings.setdefault(word, word))
                pairs[key] = (name,)
    return pairs
