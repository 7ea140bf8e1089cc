"""Reported speech the tagger misses or cuts short, read by the grammar around a cue.

The tagger (tagger.py) labels Content token by token and often stops early ("that poor and
working-class white" of a longer clause), finds a Cue and Content but no Source, or tags
nothing in a sentence that plainly reports speech ("Clyburn noted those voters will give
Sanders a second look"). These rules work on its tokens and labels, beside it:

- ``clause_end``, ``clause_start``: unquoted Content that stops inside a clause runs on to
  the clause's end when its cue comes before it (a comma, a full stop, a quote mark), and
  back to the clause's start when its cue comes after it.
- ``subject_before``: a Content with a cue but no tagged Source takes the noun phrase right
  before the cue ("the billionaire real estate mogul made a direct appeal …").
- ``transcript_line``: "TAPPER: …" (a speaker in capitals and a colon opening a paragraph)
  is that speaker's line.
- ``recovered``: in a sentence with no tagged Content, a verb of saying from
  ``recovery_cues.txt`` gives its complement ("X said (that) …", "X told reporters (that)
  …"), the clause before it ("…, X said.", "…, said Name, a long description"), or the
  clause beside "according to X".

Each rule was kept only after its statements on PolNeAR train articles the tagger was not
trained on matched attributions often enough (figures in ``bench/attribution.py``).
Every rule looks at one sequence's tokens once, so the cost stays linear in the text.
"""

from __future__ import annotations

from typing import NamedTuple

from newsmon.statements.tagger import Token
from newsmon.statements.token_sentences import _SENTENCE_END, _sentences
from newsmon.statements.vocabulary import word_set

# How far a cut-short Content may run on to reach its clause's end, in tokens.
MAX_EXTENSION = 30
# How long a subject before a cue may be ("the billionaire real estate mogul"), in tokens.
MAX_SUBJECT = 8
# "…, X said Tuesday." has few tokens after the cue; more, and the cue opens a clause.
MAX_AFTER_TRAILING_CUE = 6
_CLAUSE_END = frozenset([",", ";", ".", "!", "?", '"', "”", ":", "—"])
_CLAUSE_START = frozenset([",", ";", ".", "!", "?"])
_QUOTE_MARKS = frozenset(['"', "“", "”", "«", "»", "''", "``"])
_SUBJECT_STOP = frozenset((
    ",", ";", ".", "!", "?", '"', "”", "“", ":", "—", "(", ")",
    "and", "but", "that", "which", "because", "while", "when", "as", "if",
))  # fmt: skip
# A subject names someone: a capitalised word, a pronoun or a role.
_SUBJECT_WORDS = frozenset(["he", "she", "they", "we", "i", "officials"])
# Between a subject and its cue: "Verizon executives have said", "X on Wednesday warned".
_BETWEEN = frozenset((
    "have", "has", "had", "also", "will", "would", "could", "did", "does", "later", "then",
    "again", "publicly", "repeatedly", "previously", "reportedly", "recently", "on",
))  # fmt: skip
_IN_NAMES = frozenset(["of", "the", "'s", "’s", "-", "."])
_DETERMINERS = frozenset(["the", "a", "an", "his", "her", "their", "its", "our", "some"])
_NOT_IN_SUBJECTS = frozenset(
    ["by", "with", "to", "from", "in", "at", "for", "a", "an", "after", "into"]
)
# A phrase opening with a preposition or a subordinating word is no subject, capitalised
# or not: "In a conversation overheard by", "After years adding", "There’s really nothing
# that suggests", "while also suggesting".
SUBORDINATE_OPENERS = frozenset((
    "in", "on", "at", "after", "before", "during", "while", "when", "since", "of", "with",
    "so", "there", "if", "although", "though", "because", "as", "by", "from", "for",
    "despite", "unlike", "until", "once", "where", "whether", "whereas",
))  # fmt: skip
# "told reporters that …": the listener before the clause.
_TELLING = frozenset(["told", "tells", "telling", "urged", "warned"])
_PARTICLES = frozenset(["that", "to", "of", "about"])


# "This was stated by …": a passive cue's subject is what was said, not who said it.
_PASSIVE = frozenset(["is", "was", "were", "been", "being", "be", "are"])


class Recovered(NamedTuple):
    """A Content found by grammar: token ranges (inclusive) of content, cue and source."""

    content: tuple[int, int]
    cue: tuple[int, int]
    source: tuple[int, int] | None


def clause_end(sequence: list[Token], labels: list[str], last: int) -> int:
    """The last token of the clause that an unquoted Content ending at ``last`` cut short;
    ``last`` itself when no clause end (or another label) comes within MAX_EXTENSION."""
    end = last
    while end + 1 < len(sequence) and end - last < MAX_EXTENSION:
        following = sequence[end + 1].text
        if following in _CLAUSE_END:
            return end
        if following in ("“", "(") or labels[end + 1] != "O":
            return last
        end += 1
    return last


def clause_start(sequence: list[Token], labels: list[str], first: int) -> int:
    """The first token of the clause whose end an unquoted Content before its cue holds
    ("… more than promised, the minister said" tagged from "promised"); ``first`` itself
    when the clause opens with a quote mark or another label comes first."""
    begin = first
    while begin > 0 and first - begin < MAX_EXTENSION:
        previous = sequence[begin - 1].text
        if previous in _CLAUSE_START:
            return begin
        if previous in _CLAUSE_END or labels[begin - 1] != "O":
            return first
        begin -= 1
    return begin if begin == 0 else first


def subject_before(sequence: list[Token], labels: list[str], cue: int) -> tuple[int, int] | None:
    """The noun phrase right before the cue token at ``cue``, if it names someone: a name
    ("Rand Paul", "Verizon executives"), a pronoun, or a short phrase opening with a
    determiner ("the billionaire real estate mogul"). Auxiliaries and times between it and
    the cue ("have", "on Wednesday") are left out."""
    last = cue - 1
    while last >= 0 and (
        sequence[last].text.lower() in _BETWEEN or sequence[last].text in word_set("weekdays")
    ):
        last -= 1
    if last >= 0 and sequence[last].text.lower() == "who":
        return last, last  # "two women who publicly declared": "who", resolved as "…, who said"
    first = last + 1
    while first > 0 and last - first + 1 < MAX_SUBJECT:
        previous = sequence[first - 1]
        if previous.text.lower() in _SUBJECT_STOP or labels[first - 1] != "O":
            break
        first -= 1
    words = [t.text for t in sequence[first : last + 1]]
    if not words:
        return None
    lowered = [w.lower() for w in words]
    if opens_subordinate(lowered[0]):
        return None
    pronoun = len(words) == 1 and lowered[0] in _SUBJECT_WORDS
    named = words[-1][:1].isupper() and all(w[:1].isupper() or w in _IN_NAMES for w in words)
    # Otherwise a noun phrase with a capitalised word or an opening determiner, and no verb
    # or preposition in it ("last June stirred controversy with an" is no subject).
    phrase = any(w[:1].isupper() for w in words) or lowered[0] in _DETERMINERS
    clean = not any(
        w in _NOT_IN_SUBJECTS or (w.endswith(("ed", "ing")) and len(w) > 4) for w in lowered[1:]
    )
    if not (pronoun or named or (phrase and clean)):
        return None
    return first, last


def opens_subordinate(word: str) -> bool:
    """Whether a (lower-case) word opens a phrase that cannot be a speaker ("there’s" too)."""
    return word.replace("’", "'").split("'", 1)[0] in SUBORDINATE_OPENERS


def name_before(sequence: list[Token], source_last: int, cue: int) -> tuple[int, int] | None:
    """A name standing between the tagger's source (ending at ``source_last``) and the cue
    token at ``cue``, right before the cue: "Tensions flare after Sanders calls Clinton
    unqualified" tags "Tensions", but "Sanders" calls. Auxiliaries and times between the
    name and the cue are left out, as in ``subject_before``."""
    last = cue - 1
    while last > source_last and (
        sequence[last].text.lower() in _BETWEEN or sequence[last].text in word_set("weekdays")
    ):
        last -= 1
    first = last + 1
    while first - 1 > source_last and (
        sequence[first - 1].text[:1].isupper() or sequence[first - 1].text in _IN_NAMES
    ):
        first -= 1
    # The name must be cut off from the source by a word of the sentence, and be a name:
    # not "Any" opening the sentence, nor "India's" (the subject is what is hers).
    if first > last or first - 1 <= source_last or not sequence[last].text[:1].isupper():
        return None
    while first < last and not sequence[first].text[:1].isupper():
        first += 1
    if sequence[last].text.endswith(("'s", "’s")) or (
        first == last and sequence[first].text.lower() in word_set("stopwords")
    ):
        return None
    return first, last


# How far back from a cue ", who" may open the clause that the cue's subject carries.
MAX_RELATIVE = 30


def subject_before_relative(sequence: list[Token], cue: int) -> tuple[int, int] | None:
    """The name before a relative clause that ends right before the cue: "Mr. Paulson, who
    made billions on a bet against subprime mortgages, told investors …" (the tagger takes
    "investors"); "Cruz, who's running third, was bold enough to tout …"."""
    last = cue - 1
    while last >= 0 and sequence[last].text.lower() in _BETWEEN:
        last -= 1
    if last < 0 or sequence[last].text != ",":
        return None
    for k in range(last - 1, max(0, last - MAX_RELATIVE), -1):
        word = sequence[k].text
        if word in _SENTENCE_END or word in _QUOTE_MARKS:
            return None
        if word.lower() in ("who", "who's", "who’s") and sequence[k - 1].text == ",":
            end = k - 2
            first = end
            while first > 0 and (
                sequence[first - 1].text[:1].isupper() or sequence[first - 1].text == "."
            ):
                first -= 1
            named = end >= 0 and sequence[end].text[:1].isupper()
            return (first, end) if named and sequence[first].text[:1].isupper() else None
    return None


def name_after_comma(sequence: list[Token], first: int, last: int) -> tuple[int, int] | None:
    """The name closing a source that runs back over a phrase that names no one ("while
    attending the Baltimore Black Lives Matter demonstrations, Geraldo Rivera" calls): the
    words after its last comma, when they are a name and the words before are not one
    ("Ted Cruz, R-Texas" is one speaker)."""
    comma = next((k for k in range(last - 1, first - 1, -1) if sequence[k].text == ","), None)
    if comma is None or comma == last:
        return None
    after = sequence[comma + 1 : last + 1]
    named = after[0].text[:1].isupper() and after[-1].text[:1].isupper()
    if not named or not all(t.text[:1].isupper() or t.text in _IN_NAMES for t in after):
        return None
    before = sequence[first:comma]
    if all(t.text[:1].isupper() or t.text in _IN_NAMES for t in before):
        return None
    return comma + 1, last


def recovered(
    sequence: list[Token], labels: list[str], sentences: list[tuple[int, int]] | None = None
) -> list[Recovered]:
    """Reported speech in the sentences where the tagger found no Content.

    ``sentences`` are the sequence's ``_sentences`` when the caller has them already."""
    cues = word_set("recovery_cues")
    out: list[Recovered] = []
    for begin, end in _sentences(sequence) if sentences is None else sentences:
        if any(label.endswith("CON") for label in labels[begin:end]):
            continue
        if end == len(sequence) and headline(sequence):
            continue
        # A quote's cue ('"…," X told a briefing') belongs to the quote, which the rules read.
        if any(token.text in _QUOTE_MARKS for token in sequence[begin:end]):
            continue
        stop = end  # the last word: leave out the full stop and closing quotes
        while stop > begin and sequence[stop - 1].text in _CLAUSE_END:
            stop -= 1
        for i in range(begin, stop):
            word = sequence[i].text.lower()
            if word == "according" and i + 1 < stop and sequence[i + 1].text.lower() == "to":
                found = _according(sequence, begin, stop, i)
            elif word in cues and i > begin:
                found = _around_cue(sequence, labels, begin, stop, i)
            else:
                continue
            if found is not None and found.content[1] > found.content[0]:
                out.append(found)
                break  # one statement per sentence: a second cue reports the first
    return out


# "JAKE TAPPER:" — at most this many words name the speaker of a transcript line.
MAX_TRANSCRIPT_SPEAKER = 3


def transcript_line(sequence: list[Token]) -> Recovered | None:
    """A transcript line ("TAPPER: Do you think …", "JAKE TAPPER: …"): a paragraph that
    opens with a speaker in capitals and a colon; the rest of it is what they said."""
    colon = next(
        (i for i, t in enumerate(sequence[: MAX_TRANSCRIPT_SPEAKER + 1]) if t.text == ":"), None
    )
    if not colon or len(sequence) - colon < 4:
        return None
    speaker = [t.text for t in sequence[:colon]]
    if not all(word.isalpha() and word.isupper() and len(word) > 1 for word in speaker):
        return None
    if speaker[0].lower() in word_set("not_transcript_speakers"):
        return None
    return Recovered((colon + 1, len(sequence) - 1), (colon, colon), (0, colon - 1))


def headline(sequence: list[Token]) -> bool:
    """A title ("China will not stand idly by, Wang Yi tells Kyiv"): the paragraph ends
    without a full stop; its words are the outlet's summary, not the speaker's."""
    return bool(sequence) and sequence[-1].text not in (*_SENTENCE_END, '"', "”")


def _according(sequence: list[Token], begin: int, stop: int, at: int) -> Recovered | None:
    """ "According to X, …" and "…, according to X." """
    comma = next((k for k in range(at + 2, stop) if sequence[k].text == ","), None)
    if at == begin and comma is not None:
        return Recovered((comma + 1, stop - 1), (at, at + 1), (at + 2, comma - 1))
    if at > begin + 2 and sequence[at - 1].text == ",":
        return Recovered((begin, at - 2), (at, at + 1), (at + 2, (comma or stop) - 1))
    return None


def _around_cue(
    sequence: list[Token], labels: list[str], begin: int, stop: int, cue: int
) -> Recovered | None:
    commas = [k for k in range(begin, cue) if sequence[k].text == ","]
    comma = commas[-1] if commas else begin
    short = stop - cue - 1 <= MAX_AFTER_TRAILING_CUE
    # "…, said Rita Katz, the director of X, which tracks …": a name right after the cue
    # makes it the attribution however long the speaker's description runs.
    if cue == comma + 1 and sequence[cue].text.lower() in _LISTENER_AFTER:
        return _teller_before(sequence, labels, begin, commas, cue)
    inverted = cue == comma + 1 and cue + 1 < stop and sequence[cue + 1].text[:1].isupper()
    if (short or inverted) and begin + 3 < comma >= cue - MAX_SUBJECT:
        # "…, X said." or "…, said X, a spokesman.": the clause before the last comma.
        source = (comma + 1, cue - 1) if cue > comma + 1 else _source_after(sequence, cue, stop)
        return Recovered((begin, comma - 1), (cue, cue), source)
    subject = _tagged_source(sequence, labels, cue) or subject_before(sequence, labels, cue)
    if subject is None or sequence[cue - 1].text.lower() in _PASSIVE:
        return None
    start = cue + 1
    if sequence[cue].text.lower() in _TELLING:
        # "told reporters on Tuesday that …": the listener is not what was said.
        that = next(
            (k for k in range(start, min(start + 6, stop)) if sequence[k].text.lower() == "that"),
            None,
        )
        start = that if that is not None else start
    while start < stop and sequence[start].text.lower() in _PARTICLES:
        start += 1
    if stop - start < 2:
        return None
    return Recovered((start, stop - 1), (cue, cue), subject)


# "told" takes its listener after it, never its speaker: "…, Tad Devine, told The Huffington
# Post" (where "…, said Josh Earnest" names the speaker after the cue).
_LISTENER_AFTER = frozenset(["told", "tells", "tell"])
# "her spokeswoman," before "Ana Lopez,": the words of a role set off by commas.
MAX_APPOSITIVE = 6


def _teller_before(
    sequence: list[Token], labels: list[str], begin: int, commas: list[int], cue: int
) -> Recovered | None:
    """ "…, his top aide, Tad Devine, told The Huffington Post.": the teller is the phrase
    set off by the commas before the cue (or the tagger's source there), and what was told
    is the clause before it."""
    source = _tagged_source(sequence, labels, cue)
    if source is None and len(commas) >= 2:
        source = (commas[-2] + 1, commas[-1] - 1)
        role = len(commas) >= 3 and sequence[commas[-3] + 1].text.lower() in _DETERMINERS
        if role and commas[-2] - commas[-3] <= MAX_APPOSITIVE:  # "her spokeswoman, Ana Lopez,"
            source = (commas[-3] + 1, commas[-1] - 1)
    if source is None:
        return None
    end = source[0] - 1
    while end > begin and sequence[end].text in _CLAUSE_START:
        end -= 1
    if end - begin < 3:
        return None
    return Recovered((begin, end), (cue, cue), source)


def _tagged_source(sequence: list[Token], labels: list[str], cue: int) -> tuple[int, int] | None:
    """The Source the tagger labelled right before the cue ("Mr. Trump has" said)."""
    last = cue - 1
    while last >= 0 and labels[last] == "O" and sequence[last].text.lower() in _BETWEEN:
        last -= 1
    first = last
    while first >= 0 and labels[first].endswith("SRC"):
        if labels[first] == "B-SRC":
            return first, last
        first -= 1
    return (first + 1, last) if first < last else None


def _source_after(sequence: list[Token], cue: int, stop: int) -> tuple[int, int] | None:
    """ "…, said Josh Earnest, the press secretary." """
    last = cue
    while last + 1 < stop and sequence[last + 1].text != ",":
        last += 1
    return (cue + 1, last) if last > cue else None
