"""The subject of a sentence: who speaks for a cue that names no source of its own.

Three readings, all only where the tagger found no Source for the cue:

- on tokens (``sentence_subject``): a participle hung on the sentence by a comma
  ("Clinton tried to turn the tables, portraying Sanders as …", "…, saying", "…, calling
  him a 'stiff'") has no subject of its own: its source is the subject of the sentence,
  however many names stand between them;
- on text (``subject_named_before``): "Carly Fiorina threw her support behind Ted Cruz on
  Wednesday, saying it is time …": the name (or pronoun, or "the" phrase) the cue's
  sentence opens with;
- after a closing quote (``subject_after_quote``): '"…," the senator said', '"…," tweeted
  another': a sentence that opens with the words said names its speaker after them.
"""

from __future__ import annotations

import re

from newsmon.statements.names import HONORIFICS, SAY_VERBS
from newsmon.statements.tagger import Token
from newsmon.statements.vocabulary import word_set

# Words that may join a participle to the comma before it: ", and citing", ", while also
# suggesting", "all but begging".
_LINKS = frozenset(["and", "also", "while", "but", "all", "before", "after", "then"])
# Sentence openers that are no subject: an adverb on its own ("Then he cut into Bush"),
# or a phrase up to its comma ("On Monday, Clinton …", "When Maddow pointed out …, Clinton").
_ADVERBS = frozenset(
    ["then", "but", "and", "still", "yet", "so", "now", "later", "instead", "also", "even"]
)
_OPENERS = frozenset(
    [
        "on", "in", "at", "after", "before", "during", "when", "while", "as", "since", "for",
        "with", "without", "despite", "although", "though", "if", "last", "this", "earlier",
        "meanwhile", "however", "by", "from", "like", "unlike", "once", "until", "because",
        "into",
    ]
)  # fmt: skip
# "…, according to X": a preposition, not a participle.
_PREPOSITIONS = frozenset(["according", "including", "regarding", "concerning", "following"])
# "Hours later, Trump …", "Moments before the vote, …": a time, not the subject.
_TIME_AFTER = frozenset(["later", "after", "before", "ago", "earlier"])
_DASHES = frozenset(["-", "—", "–", "--"])
_PRONOUNS = frozenset(["he", "she", "they", "we", "i"])
_DETERMINERS = frozenset(["the", "a", "an", "his", "her", "their", "its", "our", "my"])
_QUOTES = frozenset(['"', "“", "”", "''", "``", "‘", "'"])
# A verb that ends a noun phrase opened by a determiner ("The New Jersey governor was").
_VERBS = frozenset(
    ["was", "were", "is", "are", "has", "have", "had", "will", "would", "did", "does", "who"]
)
MAX_SUBJECT_WORDS = 6
# "she's", "they’re": the tokenizer keeps a pronoun and its auxiliary as one token.
_CONTRACTED = re.compile(r"(he|she|they|we|i|it)['’](?:s|re|ll|d|ve|m)", re.IGNORECASE)


def contracted_pronoun(word: str) -> re.Match[str] | None:
    """The pronoun of a pronoun and its auxiliary kept as one token ("she's": "she")."""
    return _CONTRACTED.fullmatch(word)


# "he's said", "she’s also making": the tokenizer keeps a pronoun and its auxiliary as one
# token, so the tagger never learnt to mark it (PolNeAR's Source is the pronoun alone); right
# before a cue, the pronoun is the source.
def contracted_subject(token: Token) -> tuple[int, int] | None:
    """The character span of the pronoun in such a token, or None."""
    match = contracted_pronoun(token.text)
    return (token.start, token.start + match.end(1)) if match else None


def hangs_on_comma(sequence: list[Token], cue: int, through_quote: bool = False) -> bool:
    """Whether the cue token is a participle joined to the sentence by a comma; with
    ``through_quote``, also by a comma inside closing quote marks ('"overblown," adding')."""
    word = sequence[cue].text
    if not (word.endswith("ing") and word[:1].islower() and len(word) > 4):
        return False
    if word in _PREPOSITIONS:
        return False
    before = cue - 1
    while before >= 0 and before >= cue - 3 and sequence[before].text.lower() in _LINKS:
        before -= 1
    if through_quote and before > 0 and sequence[before].text in _QUOTES:
        before -= 1
    return before >= 0 and sequence[before].text == ","


def joined_subject(sequence: list[Token], begin: int, cue: int) -> tuple[int, int] | None:
    """The subject of the sentence starting at ``begin`` for a cue verb with none of its own:
    a participle after a comma ("Trump went after Bush, calling him …"), or a verb after
    "and"/"but" ("Sullivan put off questioning Clinton but said …": Sullivan said, not
    Clinton), there only a name or a pronoun (not "frustration", nor "Speaking")."""
    if hangs_on_comma(sequence, cue):
        return sentence_subject(sequence, begin, cue)
    before = cue - 1
    while before > begin and sequence[before].text.lower() in ("also", "then", "later"):
        before -= 1
    if before <= begin or sequence[before].text.lower() not in ("and", "but"):
        return None
    subject = sentence_subject(sequence, begin, cue)
    if subject is None:
        return _quantity_subject(sequence, begin, cue)
    first, last = sequence[subject[0]].text, sequence[subject[1]].text
    if first.lower() in _PRONOUNS or contracted_pronoun(first):
        return subject
    return subject if last[:1].isupper() and not first.endswith("ing") else None


# Pronouns of quantity that can be a sentence's whole subject: "Some seek …".
_QUANTITY_PRONOUNS = frozenset(["some", "many", "most", "others", "several", "few"])


def _quantity_subject(sequence: list[Token], begin: int, cue: int) -> tuple[int, int] | None:
    """A pronoun of quantity opening the sentence, right before its verb: "Some seek to be
    removed from the lists, and argue that …" is said by "Some" (sentence_subject leaves
    such words out, "Many …" often opens a phrase); not "Most of the donors …"."""
    word = sequence[begin].text.lower()
    following = sequence[begin + 1].text if begin + 1 < cue else ""
    verb_next = following[:1].islower() and following not in _NOT_A_VERB_AFTER_QUANTITY
    return (begin, begin) if word in _QUANTITY_PRONOUNS and verb_next else None


# Participles whose phrase goes on with a past participle: "Having announced …, the judge".
_AUXILIARY_PARTICIPLES = frozenset(["having", "being"])


def _opens_participle_phrase(word: str, following: str) -> bool:
    """Whether the sentence's first word ``word`` (lower-cased), then ``following``, opens
    a participial phrase ("Speaking at a town hall …, Trump", "Walking to the next address,
    Ebeling", "Facing mounting criticism, Mr. Trump"), which is no subject. A name ending in
    "-ing" goes on with a verb ("Manning was", "Fleming said") or a capital or a comma."""
    if not (word.endswith("ing") and len(word) > 4):
        return False
    if following in _OPENERS or word in _AUXILIARY_PARTICIPLES:
        return True
    verb = following in _VERBS or following in SAY_VERBS or following.endswith("ed")
    return following.isalpha() and following.islower() and not verb


def sentence_subject(sequence: list[Token], begin: int, cue: int) -> tuple[int, int] | None:
    """The subject of the sentence that starts at ``begin``, before the token ``cue``: a
    pronoun, a run of capitalised words, or a short phrase opened by a determiner and ended
    by its verb. None when the sentence opens with a quote or the subject is unclear."""
    if any(sequence[k].text in SAY_VERBS for k in range(begin, cue)):
        return None  # '"…," said Devine, suggesting': the speaker of that verb, not the subject
    at = _after_dateline(sequence, begin, cue)
    for _ in range(3):
        if at >= cue:
            return None
        word = sequence[at].text.lower()
        following = sequence[at + 1].text.lower() if at + 1 < cue else ""
        timed = following in _TIME_AFTER
        participle = _opens_participle_phrase(word, following)
        if word in _ADVERBS:
            at += 1
        elif word in _OPENERS or timed or participle:
            comma = next((k for k in range(at, cue) if sequence[k].text == ","), None)
            if comma is None:
                return None
            at = _past_home_state(sequence, comma, cue)
        else:
            break
    if at >= cue or sequence[at].text in _QUOTES:
        return None
    word = sequence[at].text
    if word.lower() in _PRONOUNS or contracted_pronoun(word):
        return at, at
    if word.lower() in _DETERMINERS:
        for end in range(at + 1, min(cue, at + MAX_SUBJECT_WORDS)):
            following = sequence[end].text
            verb = following in _VERBS or following in SAY_VERBS
            if verb or (following.endswith("ed") and following[:1].islower()):
                return (at, end - 1) if end > at + 1 else None
        return None
    # "Indeed, …", "Many …", "Judged against …": an opener or a participle, no subject.
    lowered = word.lower()
    if not word[:1].isupper() or lowered in word_set("not_subjects") or lowered.endswith("ed"):
        return None
    end = at
    # "New Jersey Gov. Chris Christie": a title's dot is part of the name.
    while end + 1 < cue and (
        sequence[end + 1].text[:1].isupper()
        or (
            sequence[end + 1].text == "." and end + 2 < cue and sequence[end + 2].text[:1].isupper()
        )
    ):
        end += 1
    if sequence[end].text.endswith(("’s", "'s")):
        return None  # "Murphy’s speech …": the subject is what is his
    return at, end


_PLACE_PREPOSITIONS = frozenset(["in", "at", "from", "to", "near", "outside"])
# Lower-case words after a pronoun of quantity that open a phrase, not a verb: "Most of
# the donors", "Many in the crowd".
_NOT_A_VERB_AFTER_QUANTITY = _PLACE_PREPOSITIONS | {"of"}


def _past_home_state(sequence: list[Token], comma: int, cue: int) -> int:
    """Where the subject may start after an opening phrase that ends at ``comma``: past
    the state or country of a place that ends the phrase ("Speaking in Salem, New
    Hampshire, Trump …"), else right after the comma."""
    at = comma + 1
    place = comma
    while place > 0 and sequence[place - 1].text[:1].isupper():
        place -= 1
    if place == comma or place == 0 or sequence[place - 1].text not in _PLACE_PREPOSITIONS:
        return at  # "On Monday, Trump, the front-runner, …": no place before the comma
    end = at
    while end < cue and sequence[end].text[:1].isupper():
        end += 1
    return end + 1 if end > at and end < cue and sequence[end].text == "," else at


# "WASHINGTON, Dec. 8 (UPI) —": the dash comes within this many tokens of the city.
DATELINE_TOKENS = 10


def _after_dateline(sequence: list[Token], begin: int, cue: int) -> int:
    """Past "WASHINGTON —" or "CLEVELAND -- " at the start of an article."""
    if not (sequence[begin].text.isupper() and len(sequence[begin].text) > 1):
        return begin
    for k in range(begin + 1, min(cue, begin + DATELINE_TOKENS)):
        if sequence[k].text in _DASHES:
            while k < cue and sequence[k].text in _DASHES:
                k += 1
            return k
    return begin


# How far back from the cue a sentence may start, in characters.
MAX_BEFORE = 300
_SENTENCE_START = re.compile(
    r"(?:^|\n|(?<!\b[A-Z])(?<!\bMr|\bMs|\bDr|\bSt|\bJr|\bLt)(?<!\bMrs|\bSen|\bRep|\bGov|\bGen|\bCol)"
    r"[.!?][\"”’]?\s+)(?=[\"“]?[A-Z])"
)
# An opening connective is not the subject ("But Clinton said …").
_CONNECTIVE = r"(?:(?:But|And|So|Yet|Still|Meanwhile|However|Instead|Later|Earlier|Then)\b,?\s+)?"
_NAME_WORD = r"(?:[A-Z][\w'’.-]*)"
# No opening quote mark: a sentence that opens with one is quoted words ('"Better watch
# out …," tweeted another'), and a speaker is never named inside the words said.
_SUBJECT = re.compile(
    _CONNECTIVE + r"(?P<subject>"
    r"(?:He|She|They|We|I)\b"
    r"|(?:[Tt]he|An?|an?)\s+(?:[\w'’-]+\s+){0,3}?[\w'’-]+(?=\s+(?:has|have|had|was|were|is|are|also|"
    r"later|then|again|on|in|at|who|,|[a-z]+ed\b|[a-z]+s\b))"
    r"|" + _NAME_WORD + r"(?:\s+(?:of\s+|de\s+|the\s+)?" + _NAME_WORD + r"){0,4}"
    r")"
)
# What follows a subject: a verb or an apposition, not a preposition or an article.
_FOLLOWED = re.compile(
    r",|\s+(?!(?:of|to|in|on|at|for|from|by|with|after|before|the|a|an|this|that)\b)[a-z]"
)
# A dateline ("CLEVELAND —") or a shouted word opens no sentence with its subject.
MAX_CAPITALS = 4


def subject_named_before(text: str, cue_start: int) -> tuple[int, int] | None:
    """Where the subject of the sentence holding ``cue_start`` is named, or None."""
    window_start = max(0, cue_start - MAX_BEFORE)
    window = text[window_start:cue_start]
    starts = [m.end() for m in _SENTENCE_START.finditer(window)]
    if not starts:
        return None
    begin = starts[-1]
    match = _SUBJECT.match(window, begin)
    if match is None or not _FOLLOWED.match(window, match.end("subject")):
        return None
    words = match.group("subject").split()
    first = words[0]
    if first.lower().rstrip(",") in word_set("not_subjects") or "'" in first or "’" in first:
        return None
    if first.isupper() and len(first) > MAX_CAPITALS:
        return None
    if len(words) == 1 and first.endswith("ing"):  # "Looking ahead, …"
        return None
    return window_start + match.start("subject"), window_start + match.end("subject")


# '"…," the senator said' / '"…," said Ms. Ortiz' / '"…," tweeted another': a sentence that
# opens with the words said names its speaker after the closing quote, before or after
# the cue (the rules' reading of a quote).
_CLOSING_QUOTE = r"[,!?—–-]?\s*[\"”’']+\s+"
_BEFORE_CUE = re.compile(_CLOSING_QUOTE + r"(?P<subject>[^\s\"“”,.;:!?][^\"“”,.;:!?]*)\s+$")
# A title's dot ("Prof. Okafor") or an initial's ends no name.
_TITLE_DOT = "".join(rf"(?<!\b{title})" for title in HONORIFICS) + r"(?<!\b[A-Z])"
_AFTER_CUE = re.compile(
    r"\s+(?P<subject>[^\s\"“”,.;:!?][^\"“”,;:!?]*?)\s*(?:[,;:!?]|" + _TITLE_DOT + r"\.(?:\s|$)|$)"
)


def subject_after_quote(text: str, words_end: int, cue: tuple[int, int]) -> tuple[int, int] | None:
    """Where the speaker of the quoted words ending at ``words_end`` is named, or None."""
    between = text[words_end : cue[0]]
    if (match := _BEFORE_CUE.fullmatch(between)) is not None:
        begin, end = words_end + match.start("subject"), words_end + match.end("subject")
    elif re.fullmatch(_CLOSING_QUOTE, between):
        match = _AFTER_CUE.match(text, cue[1], min(len(text), cue[1] + 80))
        if match is None:
            return None
        begin, end = match.start("subject"), match.end("subject")
    else:
        return None
    if len(text[begin:end].split()) > MAX_SUBJECT_WORDS:
        return None
    return begin, end


def cue_subject(text: str, words_end: int, cue: tuple[int, int]) -> tuple[int, int] | None:
    """Who a cue without a tagged source has: the sentence's subject, or the name after
    the closing quote of a sentence that opens with the words said."""
    return subject_named_before(text, cue[0]) or subject_after_quote(text, words_end, cue)
