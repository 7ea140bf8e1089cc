"""The speaker registry: who each speaker is, learned across articles and seeded from config.

An article often names a speaker in passing ("spokesperson Lin Jian"); another gave
the organisation and country. The registry keeps, per canonical name, every field
any source established (and which item established it), and fills what a later
mention leaves out. The config's ``known_speakers`` win over what articles say.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Column, bindparam, insert, update
from sqlmodel import Field, Session, SQLModel, col, select

from newsmon.config import KnownSpeaker
from newsmon.models import Speaker
from storage.core import table
from storage.models import StatementRecord

if TYPE_CHECKING:
    from storage.batch import BatchWrites

FIELDS = ("role", "organisation", "country", "official")
CONFIG_SOURCE = -1  # in ``established_by``: the field comes from sources.yaml


class SpeakerProfile(SQLModel, table=True):
    __tablename__ = "speaker"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True, max_length=300)
    aliases: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    role: str | None = None
    organisation: str | None = None
    country: str | None = None
    official: bool | None = None
    # field name -> id of the item that established it (CONFIG_SOURCE for the config)
    established_by: dict[str, int] = Field(default_factory=dict, sa_column=Column(JSON))


class SpeakerAlias(SQLModel, table=True):
    """Every spelling a speaker is known by, case-folded, for an indexed lookup."""

    __tablename__ = "speaker_alias"

    alias: str = Field(primary_key=True, max_length=300)
    speaker_id: int = Field(foreign_key="speaker.id", index=True)


@dataclass
class _NewProfile:
    """A profile a batch creates. Its rows are written through ``BatchWrites``, never by
    the ORM, so a plain object serves: an SQLModel table instance costs about 0.1 ms
    of the store's CPU to build, a few times a page."""

    id: int
    name: str
    established_by: dict[str, int]
    role: str | None = None
    organisation: str | None = None
    country: str | None = None
    official: bool | None = None


Profile = SpeakerProfile | _NewProfile


def fold(name: str) -> str:
    return " ".join(name.casefold().split())


def sync_known_speakers(session: Session, known: Sequence[KnownSpeaker]) -> None:
    """Put the config's speakers into the registry; their fields overrule learned ones."""
    for entry in known:
        profile = _find(session, [entry.name, *entry.aliases]).get(fold(entry.name))
        values = {f: getattr(entry, f) for f in FIELDS if getattr(entry, f) is not None}
        if profile is None:
            speaker_id = _create(session, entry.name, values, CONFIG_SOURCE)
            aliases = list(entry.aliases)
        else:
            assert profile.id is not None
            speaker_id = profile.id
            established = {**profile.established_by, **dict.fromkeys(values, CONFIG_SOURCE)}
            aliases = [a for a in entry.aliases if a not in profile.aliases]
            session.execute(
                update(SpeakerProfile)
                .where(col(SpeakerProfile.id) == speaker_id)
                .values(**values, established_by=established, aliases=[*profile.aliases, *aliases])
            )
        _add_aliases(session, speaker_id, aliases)


class SpeakerRegistry:
    """The registry as a batch of items sees it: every profile the batch names, read in
    one query, then kept and taught in memory; what it learned is written with the
    batch's other rows (``BatchWrites``)."""

    def __init__(self, session: Session, names: Iterable[str], writes: BatchWrites) -> None:
        self.writes = writes
        found = _find(session, names)
        # Detached: what the batch teaches them is written by ``write``, not by the ORM.
        for profile in {id(p): p for p in found.values()}.values():
            session.expunge(profile)
        self.profiles: dict[str, Profile] = dict(found)
        self._created: dict[int, Profile] = {}
        self._taught: dict[int, Profile] = {}
        self._learned: dict[str, list[dict[str, Any]]] = {}  # by field: (speaker, value)s

    def resolve(self, speakers: Iterable[Speaker], item_id: int) -> list[Speaker]:
        """Each speaker with what the registry knows filled in; the registry learns in turn.

        Only people and bodies with a name are registered: "officials" or "the expert"
        say nothing about who spoke next time. The registry learns from every line of the
        item before any is filled in, so a country given in the fifth paragraph is on the
        first paragraph's statement too, and on the statements stored before it.
        """
        speakers = list(speakers)
        for speaker in speakers:
            if _anonymous(speaker):
                continue
            said = _said(speaker)
            profile = self.profiles.get(fold(speaker.name))
            if profile is None:
                self._create(speaker.name, said, item_id)
                continue
            learned = {f: v for f, v in said.items() if getattr(profile, f) is None}
            if learned:
                self._learn(profile, learned, item_id)
        return [self._completed(speaker) for speaker in speakers]

    def _completed(self, speaker: Speaker) -> Speaker:
        profile = None if _anonymous(speaker) else self.profiles.get(fold(speaker.name))
        if profile is None:
            return speaker
        said = _said(speaker)
        known = {f: getattr(profile, f) for f in FIELDS if getattr(profile, f) is not None}
        merged = {**said, **{f: v for f, v in known.items() if f not in said}}
        # What the config says overrules a single article's wording.
        merged.update(
            {f: v for f, v in known.items() if profile.established_by.get(f) == CONFIG_SOURCE}
        )
        if profile.name == speaker.name and all(
            getattr(speaker, f) == v for f, v in merged.items()
        ):
            return speaker  # nothing to fill in: a copy costs a dataclass replace
        return replace(speaker, name=profile.name, **merged)

    def _create(self, name: str, values: dict[str, Any], item_id: int) -> None:
        speaker_id = self.writes.new_id("speaker")
        profile = _NewProfile(
            id=speaker_id, name=name, **values, established_by=dict.fromkeys(values, item_id)
        )
        self.profiles[fold(name)] = profile
        self._created[speaker_id] = profile

    def _learn(self, profile: Profile, values: dict[str, Any], item_id: int) -> None:
        assert profile.id is not None
        profile.established_by = {**profile.established_by, **dict.fromkeys(values, item_id)}
        for field, value in values.items():
            setattr(profile, field, value)
            self._learned.setdefault(field, []).append({"who": profile.name, "learned": value})
        if profile.id not in self._created:
            self._taught[profile.id] = profile

    def write(self) -> None:
        """Hand what the batch created and learned to its writes (before they flush)."""
        created = list(self._created.values())
        self.writes.add(
            SpeakerProfile,
            [{"id": p.id, "name": p.name, "aliases": [], **_profile_row(p)} for p in created],
        )
        self.writes.add(
            SpeakerAlias,
            [{"alias": fold(p.name), "speaker_id": p.id} for p in created if p.name.strip()],
        )
        profiles = table(SpeakerProfile)
        self.writes.update_later(
            update(profiles)
            .where(profiles.c.id == bindparam("taught_id"))
            .values({f: bindparam(f"taught_{f}") for f in (*FIELDS, "established_by")}),
            [
                {"taught_id": p.id, **{f"taught_{f}": v for f, v in _profile_row(p).items()}}
                for p in self._taught.values()
            ],
        )
        statements = table(StatementRecord)
        for field, learned in self._learned.items():
            # Statements stored before a field was known get it too: one speaker, one set
            # of fields. Run after the batch's statements are written, so those get it too.
            self.writes.update_later(
                update(statements)
                .where(statements.c.speaker == bindparam("who"))
                .where(statements.c[field].is_(None))
                .values({field: bindparam("learned")}),
                learned,
            )
        self._created, self._taught, self._learned = {}, {}, {}


def _profile_row(profile: Profile) -> dict[str, Any]:
    """What the registry learns of a profile: its fields and who established them."""
    return {**{f: getattr(profile, f) for f in FIELDS}, "established_by": profile.established_by}


def _said(speaker: Speaker) -> dict[str, Any]:
    """The registry fields one mention states."""
    said = {f: getattr(speaker, f) for f in FIELDS if getattr(speaker, f) is not None}
    if said.get("official") is False and "role" not in said:
        del said["official"]  # "not official" without a role is a default, not a finding
    return said


def find_speaker(session: Session, name: str) -> SpeakerProfile | None:
    return find_speakers(session, [name]).get(name)


def find_speakers(session: Session, names: Iterable[str]) -> dict[str, SpeakerProfile]:
    """The registry's profile of each of NAMES that has one, in one query for them all."""
    names = list(names)
    found = _find(session, names)
    return {name: found[fold(name)] for name in names if fold(name) in found}


def _anonymous(speaker: Speaker) -> bool:
    return speaker.kind == "unnamed" or not speaker.name or speaker.name[:1].islower()


def _find(session: Session, names: Iterable[str]) -> dict[str, SpeakerProfile]:
    folded = {fold(n) for n in names if n}
    if not folded:
        return {}
    rows = session.execute(
        select(SpeakerAlias.alias, SpeakerProfile)
        .join(SpeakerProfile, col(SpeakerProfile.id) == col(SpeakerAlias.speaker_id))
        .where(col(SpeakerAlias.alias).in_(folded))
    ).all()
    return {alias: profile for alias, profile in rows}


def _create(session: Session, name: str, values: dict[str, Any], source: int) -> int:
    speaker_id: int = session.execute(
        insert(SpeakerProfile).returning(col(SpeakerProfile.id)),
        {
            "name": name,
            "aliases": [],
            **values,
            "established_by": dict.fromkeys(values, source),
        },
    ).scalar_one()
    _add_aliases(session, speaker_id, [name])
    return speaker_id


def _add_aliases(session: Session, speaker_id: int, aliases: Iterable[str]) -> None:
    wanted = {fold(a) for a in aliases if a.strip()}
    if not wanted:
        return
    taken = set(
        session.execute(
            select(col(SpeakerAlias.alias)).where(col(SpeakerAlias.alias).in_(wanted))
        ).scalars()
    )
    rows = [{"alias": a, "speaker_id": speaker_id} for a in sorted(wanted - taken)]
    if rows:
        session.execute(insert(SpeakerAlias), rows)
