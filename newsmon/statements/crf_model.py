"""The attribute names a CRFsuite model knows, read from its file.

CRFsuite looks up every feature string of a row in the model's attribute dictionary and
drops the ones it does not find (``Tagger::set``): a string unknown to the model changes
neither the labels nor the marginals, yet pycrfsuite copies it twice and hashes it once.
The tagger hands over only the known ones. pycrfsuite has no call that lists them short of
dumping the whole model as text (seconds), so the dictionary is read here from the file:
the model header (crfsuite's crf1d_model.c) and the CQDB chunk the attributes live in
(cqdb.c), whose backward array holds each record's offset by attribute id.
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
