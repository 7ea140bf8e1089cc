"""Statements: who said what, in which role, for which country or body.

A rule-based extractor over sentences. It finds direct quotes (straight and
curly, partial, split around the attribution) and reported speech ("X said
that…", "according to X", "X told Y that…", "said X, China's …"), attributes
each to a speaker with role, organisation and country, resolves "he", "the
expert", "the ministry" or a bare surname to an earlier mention, and merges a
statement restated later in the same article into one statement.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from itertools import pairwise

from pydantic import BaseModel, ConfigDict, Field, model_validator
from rapidfuzz import fuzz

from newsmon.models import Speaker, Statement

# --- vocabulary -------------------------------------------------------------------------

DEFAULT_OFFICIAL_ROLES = (
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "press secretary",
    "ambassador",
    "envoy",
    "permanent representative",
    "deputy permanent representative",
    "special representative",
    "representative",
    "minister",
    "foreign minister",
    "deputy foreign minister",
    "prime minister",
    "president",
    "vice president",
    "premier",
    "chancellor",
    "secretary of state",
    "secretary",
    "secretary-general",
    "foreign policy chief",
    "high representative",
    "commissioner",
    "head of the delegation",
    "delegation head",
    "negotiator",
    "aide",
    "adviser to the president",
    "diplomat",
    "consul",
    "consul general",
    "official",
    "senator",
    "lawmaker",
    "governor",
    "mayor",
    "chairman",
    "chairwoman",
    "director",
    "head",
    "counsellor",
    "attaché",
    "general",
    "admiral",
    "commander",
    "king",
    "emir",
    "crown prince",
    "leader",
)
DEFAULT_UNOFFICIAL_ROLES = (
    "expert",
    "scholar",
    "professor",
    "associate professor",
    "assistant professor",
    "analyst",
    "researcher",
    "research fellow",
    "fellow",
    "observer",
    "commentator",
    "journalist",
    "correspondent",
    "editor",
    "reporter",
    "columnist",
    "economist",
    "historian",
    "scientist",
    "former diplomat",
    "former official",
    "lecturer",
    "academic",
    "trader",
    "activist",
    "blogger",
    "witness",
    "resident",
)
DEFAULT_COUNTRIES: dict[str, tuple[str, ...]] = {
    "China": ("Chinese", "China", "China's", "Beijing", "Beijing's", "PRC", "Sino"),
    "Russia": ("Russian", "Russia", "Russia's", "Kremlin", "Moscow", "Moscow's"),
    "Ukraine": ("Ukrainian", "Ukraine", "Ukraine's", "Kyiv", "Kiev", "Kyiv's"),
    "United States": (
        "U.S.",
        "US",
        "American",
        "United States",
        "Washington",
        "White House",
        "State Department",
        "Pentagon",
    ),
    "European Union": ("EU", "European Union", "European Commission", "Brussels"),
    "United Nations": ("UN", "U.N.", "United Nations", "Security Council"),
    "India": ("Indian", "India", "India's", "New Delhi"),
    "Turkey": ("Turkish", "Turkey", "Türkiye", "Ankara"),
    "Brazil": ("Brazilian", "Brazil", "Brasilia"),
    "United Kingdom": ("British", "UK", "U.K.", "Britain", "London", "Downing Street"),
    "France": ("French", "France", "Paris", "Elysee", "Élysée"),
    "Germany": ("German", "Germany", "Berlin"),
    "Poland": ("Polish", "Poland", "Warsaw"),
    "Japan": ("Japanese", "Japan", "Tokyo"),
    "Saudi Arabia": ("Saudi", "Saudi Arabia", "Riyadh"),
    "NATO": ("NATO", "North Atlantic Treaty Organization"),
}
DEFAULT_INSTITUTIONS = (
    "Foreign Ministry",
    "Ministry of Foreign Affairs",
    "Defence Ministry",
    "Defense Ministry",
    "Ministry of Defence",
    "Ministry of Defense",
    "Kremlin",
    "White House",
    "State Department",
    "Pentagon",
    "Security Council",
    "Embassy",
    "embassy",
    "Foreign Office",
    "government",
    "Government",
    "Commission",
    "Council",
    "Cabinet",
    "Ministry",
    "Office of the President",
    "Presidential Office",
    "mission",
    "Mission",
)


class SpeakerVocabulary(BaseModel):
    """Roles, countries and institutions; what the user writes extends the defaults."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    official_roles: tuple[str, ...] = Field(default=())
    unofficial_roles: tuple[str, ...] = Field(default=())
    countries: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    institutions: tuple[str, ...] = Field(default=())

    @model_validator(mode="after")
    def _roles_are_not_both(self) -> SpeakerVocabulary:
        both = {r.lower() for r in self.official_roles} & {r.lower() for r in self.unofficial_roles}
        if both:
            raise ValueError(
                f"roles listed as both official and unofficial: {', '.join(sorted(both))}"
            )
        return self

    def compiled(self) -> _Compiled:
        return _compile(self)


# --- normalisation and identity ----------------------------------------------------------

_QUOTE_CHARS = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "«": '"',
        "»": '"',
        "‟": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "\u00a0": " ",
    }
)
_BRACKETED = re.compile(r"\s*(?:\([^()]{0,80}\)|\[[^\[\]]{0,80}\])")
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "by",
        "with",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "that",
        "this",
        "it",
        "its",
        "will",
        "would",
        "can",
        "could",
        "should",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "not",
        "no",
        "but",
        "if",
        "so",
        "than",
        "then",
        "there",
        "their",
        "they",
        "them",
        "we",
        "our",
        "us",
        "he",
        "she",
        "his",
        "her",
        "i",
        "you",
        "your",
        "all",
        "any",
        "also",
    ]
)


def normalise_statement(text: str) -> str:
    """Words only: Unicode, quotes, case, whitespace and [bracketed insertions] folded."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTE_CHARS)
    text = _BRACKETED.sub(" ", text)
    text = re.sub(r"[^\w\s]", " ", text.casefold())
    return " ".join(text.split())


def _quoted_fragments(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKC", text).translate(_QUOTE_CHARS)
    return [normalise_statement(m) for m in re.findall(r'"([^"]+)"', folded) if m.strip()]


def _content_words(text: str) -> list[str]:
    return [w for w in normalise_statement(text).split() if w not in _STOPWORDS and len(w) > 2]


# A window of at least this many consecutive content words always shares a key with
# the text it was cut from: keys are the min-hash word pair of every run of
# _WINNOW consecutive content-word pairs (winnowing), so _WINNOW + 1 words hold a run.
_WINNOW = 3
KEYED_WINDOW = _WINNOW + 1
# A quote whose words lie near-wholly inside another statement is a window of it.
CONTAINED = 0.9
_MIN_CONTAINED_WORDS = 5  # distinct content words; a shorter quote is too generic to join
_MIN_BLOCK = 3  # aligned runs shorter than this are coincidences, not quoting


def statement_keys(text: str) -> list[str]:
    """Blocking keys: the rarest-looking content words (longest first), single and paired,
    and the winnowed pairs of consecutive content words.

    A rewrite keeps most content words, so two statements that ``same_statement``
    accepts share at least one key; a window of ``KEYED_WINDOW`` or more consecutive
    content words shares a winnowed key with every text it was cut from, because
    each run of ``_WINNOW`` pairs picks its key from its own words only.
    """
    content = [w[:60] for w in _content_words(text)]  # every key fits statement_key.key
    words = sorted(set(content), key=lambda w: (-len(w), w))[:6]
    keys = [f"w:{w}" for w in words]
    keys += [
        f"p:{a}|{b}" for i, a in enumerate(sorted(words[:4])) for b in sorted(words[:4])[i + 1 :]
    ]
    keys += _winnowed(content)
    return list(dict.fromkeys(keys)) or [f"t:{normalise_statement(text)[:190]}"]


def _winnowed(content: list[str]) -> list[str]:
    pairs = [f"s:{a}|{b}" for a, b in pairwise(content)]
    ranked = [(zlib.crc32(pair.encode()), pair) for pair in pairs]
    return [min(ranked[i : i + _WINNOW])[1] for i in range(len(ranked) - _WINNOW + 1)]


def contains_statement(longer: str, shorter: str) -> bool:
    """``shorter`` is a window of ``longer``: its words lie near-wholly inside it, in order.

    At least ``CONTAINED`` of the shorter's words must align in runs of three or
    more, and it must hold five distinct content words, so a slogan or a stock
    phrase ("the next president of the United States") never joins two lines.
    """
    return _contains(normalise_statement(longer).split(), normalise_statement(shorter).split())


def _contains(outer: list[str], inner: list[str]) -> bool:
    """``contains_statement`` on words already normalised."""
    if len(inner) > len(outer):
        return False
    content = {w for w in inner if w not in _STOPWORDS and len(w) > 2}
    if len(content) < _MIN_CONTAINED_WORDS:
        return False
    present = set(outer)
    if sum(w in present for w in inner) < CONTAINED * len(inner):
        return False
    blocks = SequenceMatcher(None, outer, inner, autojunk=False).get_matching_blocks()
    aligned = sum(block.size for block in blocks if block.size >= _MIN_BLOCK)
    return aligned >= CONTAINED * len(inner)


def longer_form(a: str, b: str) -> str:
    """The form of one statement to keep: the one with more words (``a`` on a tie)."""
    return b if len(normalise_statement(b).split()) > len(normalise_statement(a).split()) else a


def same_statement(a: str, b: str) -> bool:
    """Same words, a rewrite, a window of the other, or a re-translation."""
    na, nb = normalise_statement(a), normalise_statement(b)
    if not na or not nb:
        return False
    if na == nb:
        return True
    qa, qb = _quoted_fragments(a), _quoted_fragments(b)
    if qa and qb and {q for q in qa if len(q) > 8} == {q for q in qb if len(q) > 8} != set():
        return True
    shorter, longer = sorted((na, nb), key=len)
    if len(shorter.split()) >= 5 and shorter in longer:
        return True
    words_a, words_b = na.split(), nb.split()
    if _contains(words_a, words_b) or _contains(words_b, words_a):
        return True
    wa, wb = set(_content_words(a)), set(_content_words(b))
    if len(wa) < 3 or len(wb) < 3:
        return False
    overlap = len(wa & wb) / min(len(wa), len(wb))
    jaccard = len(wa & wb) / len(wa | wb)
    # Word order changes under re-translation; the set of content words barely does.
    # A changed object ("on grain corridors" / "on energy infrastructure") is a new statement.
    return (overlap >= 0.9 and jaccard >= 0.7) or fuzz.token_sort_ratio(na, nb) >= 95


# --- extraction --------------------------------------------------------------------------

_SAY = (
    r"said|says|say|stated|states|noted|notes|added|adds|stressed|stresses|emphasi[sz]ed|"
    r"emphasi[sz]es|told|tells|announced|announces|confirmed|confirms|affirmed|affirms|"
    r"reaffirmed|declared|declares|urged|urges|warned|warns|suggested|suggests|explained|"
    r"explains|remarked|insisted|insists|argued|argues|believes|believed|expressed|mentioned|"
    r"pointed out|points out|underlined|underscored|highlighted|commented|replied|responded|"
    r"wrote|writes|claimed|claims|asserted|acknowledged|maintained|observed|recalled|hoped|"
    r"called on|called for|reiterated|reiterates|indicated|concluded|accused|accuses"
)
_QUOTE = re.compile(r"[\"“”„«»]([^\"“”„«»]{3,}?)[\"“”„«»]")
_ABBREVIATIONS = re.compile(
    r"\b(?:U\.S|U\.N|U\.K|Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|St|No|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|"
    r"Sept|Oct|Nov|Dec|Inc|Ltd|Co|vs|etc|e\.g|i\.e)\.$"
)
_NAME = r"(?:[A-Z][\w'’\-]+|[A-Z]\.)(?:\s+(?:[A-Z][\w'’\-]+|[A-Z]\.|al-|bin|de|da|van|von))*"
_PRONOUNS = {"he", "she", "they", "it"}
_NOT_NAMES = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "other",
        "others",
        "some",
        "many",
        "several",
        "both",
        "most",
        "few",
        "each",
        "every",
        "such",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "while",
        "separately",
        "western",
        "eastern",
        "this",
        "that",
        "these",
        "those",
        "as",
        "earlier",
        "later",
        "meanwhile",
        "however",
        "what",
        "when",
        "where",
        "why",
        "how",
        "in",
        "on",
        "at",
        "after",
        "before",
        "since",
        "during",
        "also",
        "but",
        "and",
        "or",
        "so",
        "thus",
        "then",
        "there",
        "here",
        "it",
        "its",
        "his",
        "her",
        "their",
        "our",
        "we",
        "us",
        "our",
        "one",
        "two",
        "three",
        "first",
        "last",
        "next",
        "photo",
        "according",
        "moreover",
        "furthermore",
        "besides",
        "still",
        "yet",
        "if",
        "although",
        "though",
        "because",
        "despite",
        "again",
        "today",
        "yesterday",
    ]
)
# Verbs that report speech even without "that": "X urged both sides to…", "X called for…".
_DIRECTIVE = re.compile(
    r"^(?:urged|urges|called on|called for|said|says|told|tells|warned|accused|accuses)$"
)


@dataclass(frozen=True)
class _Compiled:
    official: tuple[str, ...]
    unofficial: tuple[str, ...]
    role_pattern: re.Pattern[str]
    countries: tuple[tuple[re.Pattern[str], str], ...]
    institutions: tuple[str, ...]


def _compile(vocabulary: SpeakerVocabulary) -> _Compiled:
    official = tuple(dict.fromkeys((*DEFAULT_OFFICIAL_ROLES, *vocabulary.official_roles)))
    unofficial = tuple(dict.fromkeys((*DEFAULT_UNOFFICIAL_ROLES, *vocabulary.unofficial_roles)))
    roles = sorted({*official, *unofficial}, key=len, reverse=True)
    role_pattern = re.compile(r"\b(" + "|".join(re.escape(r) for r in roles) + r")s?\b", re.I)
    countries = {**DEFAULT_COUNTRIES}
    for name, words in vocabulary.countries.items():
        countries[name] = tuple(dict.fromkeys((*countries.get(name, ()), *words)))
    patterns = tuple(
        (re.compile(r"(?<![\w.])" + re.escape(word) + r"(?![\w])"), name)
        for name, words in countries.items()
        for word in sorted(words, key=len, reverse=True)
    )
    institutions = tuple(dict.fromkeys((*DEFAULT_INSTITUTIONS, *vocabulary.institutions)))
    return _Compiled(official, unofficial, role_pattern, patterns, institutions)


@dataclass
class _Mention:
    speaker: Speaker
    surname: str


@dataclass
class _Context:
    vocabulary: _Compiled
    mentions: list[_Mention]

    def remember(self, speaker: Speaker) -> Speaker:
        if not speaker.name or speaker.name.lower() in _PRONOUNS:
            return speaker
        for mention in self.mentions:
            if mention.speaker.name == speaker.name:
                merged = replace(
                    mention.speaker,
                    role=mention.speaker.role or speaker.role,
                    organisation=mention.speaker.organisation or speaker.organisation,
                    country=mention.speaker.country or speaker.country,
                    official=mention.speaker.official or speaker.official,
                )
                self.mentions.remove(mention)
                self.mentions.append(_Mention(merged, mention.surname))
                return merged
        surname = speaker.name.split()[-1] if " " in speaker.name else speaker.name
        self.mentions.append(_Mention(speaker, surname))
        return speaker

    def resolve(self, phrase: str) -> Speaker | None:
        """An earlier speaker for "he", "the expert", "the ministry" or a bare surname."""
        words = phrase.strip().lower().split()
        if not words or not self.mentions:
            return None
        people = [m for m in self.mentions if not _is_institution(m.speaker.name, self.vocabulary)]
        if words[0] in ("he", "she", "him", "her"):
            return people[-1].speaker if people else None
        if words[0] in ("they", "it"):
            return self.mentions[-1].speaker
        if words[0] == "the" and len(words) >= 2:
            head = words[-1]
            for mention in reversed(self.mentions):
                described = " ".join(
                    filter(None, (mention.speaker.role, mention.speaker.organisation))
                ).lower()
                if head in described or (
                    head in ("diplomat", "official", "envoy") and mention.speaker.official
                ):
                    return mention.speaker
            if head in ("expert", "analyst", "scholar", "professor", "researcher"):
                unofficial = [m for m in people if not m.speaker.official]
                return unofficial[-1].speaker if unofficial else None
            return None
        bare = phrase.strip()
        for mention in reversed(self.mentions):
            parts = mention.speaker.name.split()
            if bare == mention.speaker.name or (len(parts) > 1 and bare in (parts[0], parts[-1])):
                return mention.speaker
        return None


def extract_statements(text: str, vocabulary: SpeakerVocabulary) -> list[Statement]:
    """Distinct statements in one article, each with every span where it appears."""
    context = _Context(vocabulary.compiled(), [])
    found: list[Statement] = []
    previous: Speaker | None = None
    for start, sentence in _sentences(text):
        for speaker in _introductions(sentence, context.vocabulary):
            context.remember(speaker)
        # "…," X said, adding that Y: two statements by one speaker.
        adding = _ADDING.search(sentence)
        head = sentence[: adding.start()] if adding else sentence
        statement = _statement_in(head, start, context, previous)
        if statement is None:
            previous = None
            continue
        previous = statement.speaker
        _merge(found, statement)
        if adding:
            added = _build(statement.speaker, sentence, start, [], adding.end(), sentence)
            if added is not None:
                _merge(found, added)
    return found


_ADDING = re.compile(r",\s+adding that\s+(?=\S)")


def _merge(found: list[Statement], statement: Statement) -> None:
    for index, earlier in enumerate(found):
        if same_statement(earlier.text, statement.text):
            found[index] = replace(earlier, spans=(*earlier.spans, *statement.spans))
            return
    found.append(statement)


def _sentences(text: str) -> Iterator[tuple[int, str]]:
    """Sentences with their start offsets; quotes and abbreviations do not end one."""
    for paragraph in re.finditer(r"[^\n]+", text):
        chunk, base = paragraph.group(0), paragraph.start()
        start = 0
        in_quote = False
        for i, char in enumerate(chunk):
            if char in "“«":
                in_quote = True
            elif char in "”»":
                in_quote = False
            elif char == '"':
                in_quote = not in_quote
            if char not in ".!?" or in_quote:
                continue
            rest = chunk[i + 1 :]
            if rest[:1] in ('"', "”", "’"):
                continue
            if not re.match(r"\s+[\"“'‘(A-Z0-9—–-]", rest) and rest.strip():
                continue
            if _ABBREVIATIONS.search(chunk[max(0, i - 6) : i + 1]):
                continue
            sentence = chunk[start : i + 1]
            if sentence.strip():
                yield base + start + (len(sentence) - len(sentence.lstrip())), sentence.strip()
            start = i + 1
        tail = chunk[start:]
        if tail.strip():
            yield base + start + (len(tail) - len(tail.lstrip())), tail.strip()


def _statement_in(
    sentence: str, offset: int, context: _Context, previous: Speaker | None
) -> Statement | None:
    quotes = list(_QUOTE.finditer(sentence))
    words_quoted = sum(len(m.group(1).split()) for m in quotes)
    attribution = _attribution(sentence, quotes, context)
    if attribution is None:
        # A sentence that is nothing but a quote continues the previous speaker.
        outside = _QUOTE.sub("", sentence).strip(" .,;:—-")
        if previous is not None and quotes and not outside and words_quoted >= 4:
            return _build(previous, sentence, offset, quotes, None, "")
        return None
    speaker, reported_start = attribution
    # Whole quotes make a direct statement; a sentence with only short partial quotes
    # ("scored a "diplomatic victory"") is reported speech and keeps its clause.
    whole_quotes = words_quoted >= 4 and all(len(m.group(1).split()) >= 4 for m in quotes)
    if quotes and (whole_quotes or reported_start is None):
        return _build(speaker, sentence, offset, quotes, None, sentence)
    if reported_start is None:
        return None
    return _build(speaker, sentence, offset, [], reported_start, sentence)


def _build(
    speaker: Speaker,
    sentence: str,
    offset: int,
    quotes: list[re.Match[str]],
    reported_start: int | None,
    attribution: str,
) -> Statement | None:
    if quotes:
        words = " … ".join(m.group(1).strip().rstrip(",") for m in quotes)
        spans = tuple((offset + m.start(1), offset + m.end(1)) for m in quotes[:1])
        if len(quotes) > 1:
            spans = ((offset + quotes[0].start(1), offset + quotes[-1].end(1)),)
        kind = "direct"
    else:
        assert reported_start is not None
        clause = sentence[reported_start:].strip()
        before_speaker = _CLAUSE_THEN_SPEAKER.match(sentence) if reported_start == 0 else None
        if before_speaker:
            clause = before_speaker.group("clause").strip()
        clause = re.sub(r",?\s+(?:he|she|they)\s+(?:said|added|noted)\.?$", "", clause)
        clause = _DATELINE.sub("", clause)
        clause = clause.rstrip(" .")
        if len(clause.split()) < 4:
            return None
        words = clause
        begin = offset + sentence.index(clause)
        spans = ((begin, begin + len(clause)),)
        kind = "reported"
    return Statement(speaker=speaker, text=words, kind=kind, spans=spans, attribution=attribution)


_QUOTE_THEN_SPEAKER = re.compile(
    r"[\"”»]\s*,?\s*(?:(?:"
    + _SAY
    + r")\s+(?P<after>[^,.;]+?)(?=[,.;:]|$)|(?P<before>[^\"“”.;]+?)\s+(?:"
    + _SAY
    + r"))(?:\s|[,.;:]|$)"
)
_SPEAKER_THEN_VERB = re.compile(
    r"^(?P<lead>(?:[^\"“”]{0,160}?))\s*\b(?P<verb>" + _SAY + r")\b(?P<rest>.*)$"
)
_SPEAKER_BEFORE_QUOTE = re.compile(
    r"(?:^|[,;]\s*|\b(?:but|and|while)\s+)(?P<who>[^,;\"“]{1,120}?)\s+(?:"
    + _SAY
    + r")(?:\s+(?:on|in|at|during)\s+[^,\"“]{1,60})?\s*[:,]?\s*$"
)
_CLAUSE_THEN_SPEAKER = re.compile(
    r"^(?P<clause>.{20,}?),\s+(?P<who>[^,]{2,120}?)\s+(?:said|says|told|stressed|noted|added|"
    r"stated|emphasi[sz]ed|warned|believes)\b(?P<tail>(?!\s+that\b)[^,]{0,80})\.?$"
)
_DATELINE = re.compile(r"^[A-Z][A-Z .'-]+(?:,\s+[A-Z][a-z]+\.?\s+\d{1,2})?\s+[—–-]+\s+")
_ACCORDING = re.compile(r"\baccording to (?P<who>[^,.;]+)", re.I)
_AS_SAID = re.compile(r"^As (?P<who>.+?) (?:" + _SAY + r"),")


def _attribution(
    sentence: str, quotes: list[re.Match[str]], context: _Context
) -> tuple[Speaker, int | None] | None:
    """The speaker of a sentence and where its reported clause starts (None: quotes only)."""
    if quotes:
        tail = sentence[quotes[0].end() - 1 :]
        match = _QUOTE_THEN_SPEAKER.match(tail)
        if match:
            phrase = match.group("after") or _subject(match.group("before"))
            speaker = _speaker_from_phrase(phrase, context)
            if speaker:
                return speaker, None
        match = _AS_SAID.match(sentence)
        if match:
            speaker = _speaker_from_phrase(match.group("who"), context)
            if speaker:
                return speaker, None
    if quotes:
        match = _SPEAKER_BEFORE_QUOTE.search(sentence[: quotes[0].start()])
        if match:
            speaker = _speaker_from_phrase(_subject(match.group("who")), context)
            if speaker:
                return speaker, None
    else:
        match = _CLAUSE_THEN_SPEAKER.match(sentence)
        if match:
            speaker = _speaker_from_phrase(_subject(match.group("who")), context)
            if speaker:
                return speaker, 0
    unquoted = sentence[: quotes[0].start()] if quotes else sentence
    match = _SPEAKER_THEN_VERB.match(unquoted)
    if match:
        lead = match.group("lead")
        speaker = _speaker_from_phrase(_subject(lead), context)
        if speaker:
            rest_start = match.start("rest")
            rest = sentence[rest_start:]
            clause = re.match(
                r"(?:\s+(?:in an interview with|in a statement|to|at|on|during|in|with|"
                r"after|before|when)\b[^,\"“]*?)?(?:\s+(?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*)?"
                r"(?:\s+on \w+day)?\s*(?:that\b|:|,)?\s*",
                rest,
            )
            start = rest_start + (clause.end() if clause else 0)
            if quotes and quotes[0].start() <= start + 3:
                return speaker, None
            introduced = clause is not None and re.search(r"(?:that|:)\s*$", clause.group(0))
            if introduced or _DIRECTIVE.match(match.group("verb")):
                return speaker, start
            return None
    if quotes:
        match = _ACCORDING.search(sentence[quotes[-1].end() :])
        if match:
            speaker = _speaker_from_phrase(match.group("who"), context)
            if speaker:
                return speaker, None
    according = _ACCORDING.search(sentence)
    if according and not quotes:
        speaker = _speaker_from_phrase(according.group("who"), context)
        if speaker:
            remainder = (sentence[: according.start()] + sentence[according.end() :]).strip(" ,.")
            head = remainder[:20]
            return speaker, sentence.index(head) if head in sentence else 0
    return None


def _subject(lead: str) -> str:
    """The noun phrase right before the verb: after the last clause break."""
    lead = _DATELINE.sub("", lead.strip().rstrip(","))
    appositive = re.match(
        r"^(" + _NAME + r"),\s+((?:an?|the)\s+[^,]+|[^,]*(?:'s|’s)\s[^,]+),?$", lead
    )
    if appositive and len(appositive.group(1).split()) <= 4:
        return appositive.group(2) + ", " + appositive.group(1)
    previous = None
    while previous != lead:
        previous = lead
        lead = re.sub(r"\s+(?:on|last|this)\s+\w+day$", "", lead)
        lead = re.sub(
            r",?\s+(?:also|further|again|has|had|have|later|then|earlier|since|recently|"
            r"repeatedly|publicly|once|previously|already|reportedly)$",
            "",
            lead,
        )
    parts = re.split(
        r"(?:^|,\s*|\b(?:and|but|while|after|when|as|that)\s+)(?=[A-Z\"“]|the\b|he\b|she\b)", lead
    )
    candidates = [p for p in parts if p.strip()]
    if not candidates:
        return lead
    # "China's deputy representative to the UN, Sun Lei, said": the role before the name.
    role_before = re.search(
        r"\b(?:representative|minister|spokes\w+|ambassador|envoy|president|secretary|"
        r"director|head|chief|official|professor|expert|analyst|scholar)\b",
        candidates[-2] if len(candidates) >= 2 else "",
        re.I,
    )
    if role_before and _looks_like_name(candidates[-1]):
        return candidates[-2] + ", " + candidates[-1]
    # "Sun Lei, China's deputy representative, said": keep the appositive with the name.
    if (
        len(candidates) >= 2
        and _looks_like_name(candidates[-2])
        and not _looks_like_name(candidates[-1])
    ):
        return candidates[-2] + ", " + candidates[-1]
    return candidates[-1]


def _looks_like_name(text: str) -> bool:
    return bool(re.fullmatch(_NAME, text.strip())) and len(text.split()) <= 4


def _speaker_from_phrase(phrase: str, context: _Context) -> Speaker | None:
    phrase = phrase.strip().strip(",")
    if not phrase or len(phrase.split()) > 18:
        return None
    resolved = context.resolve(phrase)
    if resolved is not None:
        return resolved
    if phrase.lower() in _PRONOUNS:
        return None
    if phrase.lower().startswith("the "):
        # "the ministry" that resolved to nothing is no speaker; "the pundit Max Graf" is.
        speaker = _describe(phrase, context.vocabulary)
        if speaker is None or speaker.name.lower().startswith("the "):
            return None
        if not speaker.organisation and not re.search(_NAME, phrase[4:]):
            return None
        return context.remember(speaker)
    speaker = _describe(phrase, context.vocabulary)
    return context.remember(speaker) if speaker else None


def _describe(phrase: str, vocabulary: _Compiled) -> Speaker | None:
    """Name, role, organisation, country and officialness from a noun phrase."""
    role_match = None
    for match in vocabulary.role_pattern.finditer(phrase):
        role_match = match
    institution = next(
        (
            inst
            for inst in vocabulary.institutions
            if re.search(r"\b" + re.escape(inst) + r"\b", phrase)
        ),
        None,
    )
    country = _country(phrase, vocabulary)
    name = _person_name(phrase, role_match, vocabulary)
    role = role_match.group(1).lower() if role_match else None
    if role in ("spokesman", "spokeswoman"):
        role = "spokesperson"
    if not name:
        if institution and not role:
            labelled = re.search(
                r"((?:[A-Z][\w.'’-]*\s+)*)" + re.escape(institution) + r"(?:\s+of\s+[A-Z][\w ]+)?",
                phrase,
            )
            label = labelled.group(0).strip() if labelled else institution
            label = re.sub(r"^The\s+", "", label)  # sentence-initial "The Chinese Foreign Ministry"
            return Speaker(
                name=label,
                organisation=institution,
                country=country,
                official=True,
            )
        return None
    former = bool(re.search(r"\b(?:former|ex-|retired)\b", phrase, re.I))
    official = _is_official(role, phrase, vocabulary) and not former
    return Speaker(
        name=name,
        role=role,
        organisation=institution,
        country=country,
        official=official,
    )


def _describe_role(text: str, vocabulary: _Compiled) -> Speaker | None:
    """Role, organisation, country and officialness from a role phrase alone."""
    first = vocabulary.role_pattern.search(text)
    if first is None:
        return None
    role = first.group(1).lower()
    role = "spokesperson" if role in ("spokesman", "spokeswoman") else role
    institution = next(
        (i for i in vocabulary.institutions if re.search(r"\b" + re.escape(i) + r"\b", text)),
        None,
    )
    former = bool(re.search(r"\b(?:former|ex-|retired)\b", text, re.I))
    return Speaker(
        name="",
        role=role,
        organisation=institution,
        country=_country(text, vocabulary),
        official=_is_official(role, text, vocabulary) and not former,
    )


def _is_official(role: str | None, phrase: str, vocabulary: _Compiled) -> bool:
    if role is None:
        return False
    unofficial_words = {r.lower() for r in vocabulary.unofficial}
    if any(re.search(r"\b" + re.escape(w) + r"\b", phrase, re.I) for w in unofficial_words):
        return False
    return role in {r.lower() for r in vocabulary.official} or bool(
        re.search(r"minister|secretary|ambassador|envoy|spokes|president|representative", role)
    )


def _person_name(
    phrase: str, role_match: re.Match[str] | None, vocabulary: _Compiled
) -> str | None:
    """The capitalised words that are not a role, country word or institution."""
    text = phrase
    if role_match:
        after = phrase[role_match.end() :].strip(" ,")
        before = phrase[: role_match.start()].strip(" ,")
        last_part = phrase.rsplit(",", 1)[-1].strip()
        if "," in phrase and _looks_like_name(last_part):
            text = last_part  # "an associate professor at X, Sun Xiuwen"
        elif re.match(_NAME, after or ""):
            text = after
        elif re.search(_NAME, after or ""):
            text = list(re.finditer(_NAME, after))[-1].group(0)  # "Ambassador to Russia Zhang"
        else:
            text = before
    noise = {w.lower() for _, words in DEFAULT_COUNTRIES.items() for w in words}
    candidates = []
    for match in re.finditer(_NAME, text):
        words = [
            w
            for w in match.group(0).split()
            if re.sub(r"['’]s$", "", w).lower() not in noise
            and w.lower().strip(".") not in _NOT_NAMES
            and not any(w in inst.split() for inst in vocabulary.institutions)
            and not vocabulary.role_pattern.fullmatch(w)
            and w.lower() not in {"former", "deputy", "the", "foreign", "affairs", "chinese"}
        ]
        if words:
            candidates.append(" ".join(words))
    if not candidates:
        return None
    name = max(candidates, key=lambda c: len(c.split()))
    if name.lower() in _PRONOUNS or len(name) < 3 or not name[0].isupper():
        return None
    return name


def _country(phrase: str, vocabulary: _Compiled) -> str | None:
    """The country word nearest the start: "Brazilian President …, visiting China" is Brazil."""
    best: tuple[int, str] | None = None
    for pattern, name in vocabulary.countries:
        match = pattern.search(phrase)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), name)
    return best[1] if best else None


def _is_institution(name: str, vocabulary: _Compiled) -> bool:
    return any(inst in name for inst in vocabulary.institutions)


_INTRO_ROLE_NAME = re.compile(
    r"(?P<phrase>(?:(?:[A-Z][\w'’\-.]*|of|the|to|for|and|at|UN)\s+){0,8}?"
    r"(?:[A-Z][\w'’\-.]*\s+)?(?P<name>[A-Z][a-z]+(?:[\s-][A-Z][a-z]+){1,2}))"
)
_INTRO_NAME_ROLE = re.compile(
    r"(?P<name>[A-Z][a-z]+(?:[\s-][A-Z][a-z]+){1,2}),\s+(?P<role>(?:an?\s+|the\s+)?[^,]{3,160}?),"
)


def _introductions(sentence: str, vocabulary: _Compiled) -> list[Speaker]:
    """People introduced with their role: "Sun Lei, China's deputy … to the UN," or
    "Russian President Vladimir Putin"."""
    speakers = []
    for match in vocabulary.role_pattern.finditer(sentence):
        after = re.match(r"\s+(" + _NAME + ")", sentence[match.end() :])
        if not after:
            continue
        preceding = re.search(r"((?:[A-Z][\w.'’-]*\s+){0,3})$", sentence[: match.start()])
        before = preceding.group(1) if preceding else ""
        described = _describe(before + match.group(0) + after.group(0), vocabulary)
        if described and len(described.name.split()) >= 2:
            speakers.append(described)
    for match in _INTRO_NAME_ROLE.finditer(sentence):
        role_text = match.group("role")
        if not vocabulary.role_pattern.search(role_text):
            continue
        role = _describe_role(role_text, vocabulary)
        if role is not None:
            speakers.append(replace(role, name=match.group("name")))
    return speakers
