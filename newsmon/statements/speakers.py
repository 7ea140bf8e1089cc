"""Speakers: who a source phrase names, and the article's earlier mentions that "he", "the
ministry" or a bare surname point back to (one phrase's own words are read in describe.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from newsmon.models import Speaker
from newsmon.statements import role_holders
from newsmon.statements.describe import (
    _PRONOUNS,
    _country,
    _is_institution,
    plain_role,
)
from newsmon.statements.names import (
    _HONORIFIC,
    could_be_person,
    noun_phrase,
    surname,
)
from newsmon.statements.official import gender
from newsmon.statements.vocabulary import Compiled as _Compiled
from newsmon.statements.vocabulary import word_set

# Mentions kept for re-mentions and pronouns: the latest ones, so a long text costs the same
# per sentence as a short one.
MAX_MENTIONS = 48


@dataclass
class _Mention:
    speaker: Speaker
    surname: str
    gender: str | None = None
    institution: bool = False  # a body, never "he" or "she"
    person: bool = True  # looks like a person's name: "he" or "she" may point back to it
    source: bool = True  # spoke in the article, not only named in passing


@dataclass
class _Context:
    vocabulary: _Compiled
    mentions: list[_Mention]
    changes: int = 0  # of the mentions: opened_by reads a sentence again only after one
    _opened: tuple[str, int] | None = None

    def remember(self, speaker: Speaker, phrase: str = "", source: bool = True) -> Speaker:
        """Keep a speaker for later re-mentions; a re-mention inherits what was said before."""
        if not speaker.name or speaker.name.lower() in _PRONOUNS:
            return speaker
        self.changes += 1
        found_gender = _gender_of(speaker, phrase)
        for mention in self.mentions:
            if mention.speaker.name == speaker.name:
                official = mention.speaker.official
                if official is None or (speaker.official is not None and not official):
                    official = speaker.official
                merged = replace(
                    mention.speaker,
                    role=mention.speaker.role or speaker.role,
                    organisation=mention.speaker.organisation or speaker.organisation,
                    country=mention.speaker.country or speaker.country,
                    official=official,
                )
                self.mentions.remove(mention)
                self.mentions.append(
                    _Mention(
                        merged,
                        mention.surname,
                        mention.gender or found_gender,
                        mention.institution,
                        mention.person,
                        mention.source or source,
                    )
                )
                return merged
        last_name = surname(speaker.name)
        institution = speaker.kind != "person" or _is_institution(speaker.name, self.vocabulary)
        person = gender(f"{speaker.name} {speaker.role or ''}") is not None or could_be_person(
            speaker.name
        )
        self.mentions.append(
            _Mention(speaker, last_name, found_gender, institution, person, source)
        )
        if len(self.mentions) > MAX_MENTIONS:
            del self.mentions[0]
        return speaker

    def spoke(self, speaker: Speaker) -> None:
        """Mark a remembered person as a speaker, whom a later "he" prefers: after "…," Paul
        Manafort said, adding that delegates cheered Ted Cruz. He said…" "he" is Manafort.
        The speaker moves to the end, so "he" is who spoke last, not who was named last for
        the first time (train holdout by antecedent 0.810 -> 0.843)."""
        for mention in self.mentions:
            if mention.speaker.name == speaker.name:
                self.changes += 1
                mention.source = True
                self.mentions.remove(mention)
                self.mentions.append(mention)
                return

    def opened_by(self, sentence: str) -> None:
        """A person named before whom a sentence opens with is salient again, like a speaker:
        after "…," Greenberg said. Mrs. Clinton has praised Mr. Obama. But she …" "she" is
        Mrs. Clinton, not the pollster who spoke last. Read again with no change since
        (extract asks before and after the sentence's statements), it would change nothing."""
        if self._opened == (sentence, self.changes):
            return
        for words in _opening_names(sentence):
            known = self.resolve(" ".join(words)) or self.resolve(words[-1])
            if known is not None:
                self.spoke(known)
                break
        self._opened = (sentence, self.changes)

    def resolve(self, phrase: str) -> Speaker | None:
        """An earlier speaker for "he", "the expert", "the ministry" or a bare surname."""
        words = phrase.strip().lower().split()
        if not words or not self.mentions:
            return None
        people = [m for m in self.mentions if not m.institution]
        # "Her liberal friends", "her Twitter account": a possessive names someone else.
        if words[0] in ("he", "she", "him") or words == ["her"]:
            wanted = "m" if words[0] in ("he", "him") else "f"
            candidates = [
                m
                for m in people
                if m.person and m.speaker.kind == "person" and m.gender in (wanted, None)
            ]
            speakers = [m for m in candidates if m.source]
            chosen = speakers or candidates
            return chosen[-1].speaker if chosen else None
        if words[0] in ("they", "it"):
            # Number: "it" is a body, "they" a body or a group, never one named person.
            for mention in reversed(self.mentions):
                plural = words[0] == "they" or mention.speaker.kind != "unnamed"
                if mention.institution and plural:
                    return mention.speaker
            return None
        if words[0] == "the" and len(words) >= 2:
            if phrase.split()[-1][:1].isupper():
                return None  # "The Chinese Foreign Ministry" names a body; "the diplomat" not
            head = plain_role(noun_phrase(words)[-1])
            shown = gender(phrase)  # "the spokeswoman" is no spokesman named before
            # "the Florida senator" re-mentions no Vermont senator; "the Chinese diplomat" Sun Lei.
            places = {w.lower() for w in phrase.split()[1:] if w[:1].isupper()}
            country = _country(phrase, self.vocabulary) if places else None
            holder_of_body: Speaker | None = None  # "the president" of a bank, if no other
            for mention in reversed(self.mentions):
                speaker = mention.speaker
                known = f"{speaker.name} {speaker.organisation or ''}".lower().split()
                if not (places <= set(known) or (country and country == speaker.country)):
                    continue
                if shown is not None and mention.gender not in (shown, None):
                    continue
                organisation = (speaker.organisation or "").lower()
                if speaker.kind != "organisation" and head in organisation.split():
                    # "the ministry" after "Foreign Ministry spokeswoman Mao Ning" is the
                    # ministry she speaks for, not Mao Ning.
                    return role_holders.body_of(speaker)
                # Whole words: "the ad" is no re-mention of "a leading conservative group".
                described = " ".join(filter(None, (speaker.role, organisation))).lower()
                if head in described.split() or (
                    head in ("diplomat", "envoy") and speaker.official
                ):
                    if not role_holders.fits_role_as_said(words, speaker):
                        continue
                    if not role_holders.defers_to_a_head_of_state(words, speaker):
                        return speaker
                    holder_of_body = holder_of_body or speaker
            if holder_of_body is None and head in role_holders.UNOFFICIAL:
                unofficial = [m for m in people if not m.speaker.official]
                return unofficial[-1].speaker if unofficial else None
            return holder_of_body
        bare = _HONORIFIC.sub("", phrase).strip()  # "Mr Shapps" is a re-mention of Shapps
        # "Mrs. Clinton" is no re-mention of Bill Clinton, however recent; a Clinton of
        # unknown gender learns hers from it.
        shown = gender(phrase)
        # A surname beats a middle name: after "Maryanne Trump Barry" and "Donald Trump",
        # "Mr. Trump" is Donald Trump however recent his sister's mention.
        for mention in reversed(self.mentions):
            if bare in (mention.speaker.name, mention.surname) and (
                shown is None or mention.gender in (shown, None)
            ):
                if mention.gender is None and shown is not None:
                    mention.gender = shown
                    self.changes += 1
                return mention.speaker
        for mention in reversed(self.mentions):
            parts = mention.speaker.name.split()
            # "Lula" is Luiz Inacio Lula da Silva, "da" no one, "Mr. Obama" no body named for him.
            if mention.institution and bare != phrase.strip():
                continue
            if len(parts) > 1 and (bare == parts[0] or (bare in parts and len(bare) > 3)):
                return mention.speaker
        return None


def _opens(sentence: str, name: str) -> bool:
    """Whether a name is the subject a sentence opens with, salient like a speaker for a
    later "he": "Cui Heng, a scholar, noted …, but he said" is Cui Heng, not a speaker two
    sentences up; "Former Indian diplomat Bhadrakumar told" opens with its subject too."""
    at = sentence.find(name)
    before = sentence[:at]
    return at >= 0 and not before.strip()


def _gender_of(speaker: Speaker, phrase: str) -> str | None:
    """The gender a person's name, role or title shows ("Mrs. Clinton", "Congresswoman
    Jane Doe"): not any first name of the sentence that introduced them ("Obama paid
    tribute to Dylan Hockley and a teacher's aide, Anne Marie Murphy" makes Murphy no "he")."""
    own = gender(f"{speaker.name} {speaker.role or ''}")
    if own is not None:
        return own
    at = phrase.find(speaker.name)
    if at >= 0:
        return gender(" ".join(phrase[:at].split()[-2:]))
    return gender(phrase) if len(phrase.split()) <= 8 else None


# Up to four capitalised words a sentence opens with, after a linking word: "But Mrs.
# Clinton has", "Sen. Marco Rubio of Florida is", "Mr. Clinton's remarks".
_OPENING_NAME = re.compile(
    r"\s*(?:(?:But|And|Yet|Still|So|Then|Now|Meanwhile),?\s+)?"
    r"((?:[A-Z][\w'’.\u2024-]*\s+){0,3}[A-Z][\w-]+)"
)
_NOT_NAMES = word_set("not_names")
_FUNCTION_WORDS = word_set("stopwords")
_LEADING_PHRASE = re.compile(r"\s*[A-Z][^,;:\"“”]{2,80},\s")


@lru_cache(maxsize=2)
def _opening_names(sentence: str) -> tuple[tuple[str, ...], ...]:
    """The words of the names a sentence may open with, in the order opened_by tries them.

    Cached for the sentence at hand: extract() asks twice for each sentence, before and
    after its statements, and only the mentions they are looked up in change between."""
    found = []
    # "Growing up in El Paso, Mendoza saw …": the subject after a leading phrase.
    lead = _LEADING_PHRASE.match(sentence)
    for start in (0, lead.end()) if lead else (0,):
        opening = _OPENING_NAME.match(sentence, start)
        if opening is None:
            continue
        words = tuple(opening.group(1).split())
        first = words[0].lower()
        if first in _PRONOUNS or first in _NOT_NAMES or first in _FUNCTION_WORDS:
            continue  # "With Mr. Bush's exit, …" opens with no subject
        found.append(words)
    return tuple(found)
