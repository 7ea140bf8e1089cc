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
    data = Path(path).read_bytes()
    if len(data) < _MODEL_HEADER.size:
        return None
    header = _MODEL_HEADER.unpack_from(data, 0)
    magic, _size, model_type, _version, _features, _labels, attributes, _, _, chunk = header[:10]
    if magic != b"lCRF" or model_type != b"FOMC" or chunk + _CQDB_HEADER.size > len(data):
        return None
    cqdb, _size, _flag, _order, records, backward = _CQDB_HEADER.unpack_from(data, chunk)
    if cqdb != b"CQDB" or records != attributes:
        return None
    names: list[bytes] = []
    for offset in struct.unpack_from(f"<{records}I", data, chunk + backward):
        at = chunk + offset
        identifier, key_size = _RECORD_HEAD.unpack_from(data, at)
        key_start = at + _RECORD_HEAD.size
        if identifier != len(names) or data[key_start + key_size - 1] != 0:
            return None
        names.append(data[key_start : key_start + key_size - 1])
    return frozenset(names)
