"""Parts of a name or a noun phrase: a person's surname, the head of "the diplomat …"."""

from __future__ import annotations

import re
from itertools import pairwise

from newsmon.statements.vocabulary import any_case, country_words, word_set

SAY_VERBS = word_set("say_verbs")

# "Joseph R. Biden Jr.", "Luther Stan Pate IV": the generation is no surname.
GENERATION = frozenset(["jr", "jr.", "sr", "sr.", "ii", "iii", "iv"])


def surname(name: str) -> str:
    """The last word of a name that is not a generation: "Biden" of "Joseph R. Biden Jr"."""
    words = name.split()
    while len(words) > 1 and words[-1].lower().strip(",") in GENERATION:
        words.pop()
    return words[-1] if words else ""


def noun_phrase(words: list[str]) -> list[str]:
    """The words of "the diplomat mentioned the suffering …" up to its verb: the tagger's
    source span can run on into the clause, and its head is "diplomat", not the last word.

    A lowercase word after the first ends the phrase when it is a verb of saying, a past
    tense or participle ("paused", "celebrated"), an auxiliary ("has", "will") or a relative
    pronoun ("who"): "A YouGov poll of American voters has, however," is "A YouGov poll of
    American voters"."""
    for index, word in enumerate(words[1:], start=1):
        if word in _HEADLINE_RELATIVES:
            return words[:index]  # "Hollywood Actor Who Endorsed Ted Cruz"
        lowered = word.lower().strip(",")
        if not word[:1].islower() or words[index - 1].lower() in _FUNCTION:
            # "the ministry of the united nations": a past participle after a function word
            # is a modifier, not the verb.
            continue
        participle = lowered.endswith("ed") and len(lowered) > 3
        if participle and _modifies(words, index):
            continue
        # "An Israeli official, speaking on condition of anonymity,": an appositive.
        appositive = lowered.endswith("ing") and words[index - 1].endswith(",")
        if participle or appositive or lowered in SAY_VERBS or lowered in _CLAUSE_WORDS:
            return words[:index]
        long_ago = lowered == "long" and words[index + 1 : index + 2] == ["ago"]
        if lowered in SPEAKER_ADVERBS or long_ago:
            return words[:index]  # "The star then", "The nurse later": when, not who
    return words


def _modifies(words: list[str], index: int) -> bool:
    """Whether the participle at ``index`` describes the noun before it ("officials involved
    in the talks", "those surveyed") rather than being its verb; after a comma it opens an
    appositive ("The survey, conducted for X,"), which ends the noun phrase."""
    if words[index - 1].endswith(","):
        return False
    following = words[index + 1].lower() if index + 1 < len(words) else ""
    return following in _PREPOSITIONS or words[index - 1].lower() in _QUANTIFIERS


def source_phrase(phrase: str) -> str:
    """The noun phrase a tagged source span opens: without what comes before a quotation's
    closing mark ("…Constitution,” the suit"), nor the clause it runs on into; a word in
    quote marks stays ('thousands of self-described "Berners"')."""
    after_quote = _AFTER_QUOTE.split(phrase)[-1]
    if len(_QUOTE_MARK.findall(after_quote)) % 2:
        after_quote = _QUOTE_MARK.split(after_quote)[-1]  # a mark without its pair
    if re.search(r"\w", after_quote):
        phrase = after_quote
    words = phrase.split()
    phrase = " ".join(noun_phrase(words)).strip(" ,;:—–-") if words else phrase
    # "a congressional report on Wednesday", "Beck last week": when is not who; nor is the
    # participle that said when ("a survey released on Thursday", "a poll conducted in May").
    timeless = _WHEN.sub("", phrase)
    if timeless != phrase:
        timeless = _TIMED.sub("", timeless)
    return timeless or phrase


# The mark that closes a quotation ends its words with a comma or a stop ('…Constitution,”
# the suit'); one after a word ('self-described "Berners" have') marks the word alone.
_AFTER_QUOTE = re.compile(r"(?<=[,.?!])[”\"]")
_QUOTE_MARK = re.compile(r"[“”\"]")


# A dateline opens an article's first sentence, before its subject, in a tagged source and in
# the rules' speaker phrase alike: "CLEVELAND —", "WASHINGTON, Dec. 8 (UPI) —", "DECATUR,
# Ill. — Sen. Ted Cruz said".
DATELINE = re.compile(
    r"^[A-Z][A-Z .'-]+(?:,\s+[A-Z][\w.]*(?:\s+\d{1,2})?)?(?:\s+\([A-Za-z ]{2,20}\))?\s+[—–-]+\s+"
)
# "Across Asia, policymakers say": a phrase of place or time opens the sentence.
_OPENING = re.compile(
    r"(?:Across|Among|For|In|After|Before|During|Since|Despite|Unlike)\s[^,]+, |" + DATELINE.pattern
)


def side_that_speaks(phrase: str, before: str) -> str:
    """The part of a source span that runs over a comma which speaks: the poll of "According
    to a CNN poll, 31% of Republicans", the policymakers of "Across Asia, policymakers"; the
    byline after a digest's headline in capitals."""
    first, comma, _ = phrase.partition(", ")
    if comma and after_according_to(before):
        return first
    byline = _DIGEST_BYLINE.match(phrase)
    if byline:
        return phrase[byline.end() :]
    opening = _OPENING.match(phrase)
    return phrase[opening.end() :] if opening else phrase


# "according to" in any case, word-bounded: spelt in classes of its letters' cases, with
# "\b" a look-behind after the first, it opens with a class re scans for in C (0.10 -> 0.05
# CPU ms a page for according.py's search of every sentence without a speech verb).
ACCORDING_TO = any_case("a") + r"(?<!\w.)" + "".join(map(any_case, "ccording to"))
_ACCORDING_TO = re.compile(ACCORDING_TO + r"\s*$")


def after_according_to(before: str) -> bool:
    """Whether ``before`` ends with "according to": what follows is the source named."""
    return _ACCORDING_TO.search(before) is not None


# "IOWA POLLS NOT WRONG, JUST EARLY - Mark Blumenthal and Jon Cohen: “…”": a digest item's
# headline in capitals, then who wrote the words quoted; the headline names no one. Two
# words in capitals at least ("ABC - Washington Post poll" is no digest), and every run
# bounded: a hostile phrase of capitals must not cost time that grows with its square.
_DIGEST_BYLINE = re.compile(
    r"(?=[^a-z]{0,200}?[A-Z]{2}[^a-z\s]{0,60}\s+[^a-z]{0,200}?[A-Z]{2})"
    r"[^a-z]{1,200}?\s[—–-]\s+(?=[A-Z][a-z])"
)


_DAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day(?:\s+(?:night|morning|afternoon|evening))?"
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_WHEN = re.compile(
    r"(?:,?\s+(?:(?:on|last|this|next|earlier|late|early)\s+)?"
    + _DAY
    + r"|,?\s+(?:on|in|last|this|earlier|late|early)\s+(?:this\s+)?(?:week|weekend|month|year|"
    r"night|morning|afternoon|evening|" + _MONTH + r"(?:\s+\d{1,2})?|\d{4})"
    r"|,?\s+" + _MONTH + r"\s+\d{1,2})+$"
)


# Adverbs between a speaker and the verb ("backers privately said", "The star then said"):
# they end the speaker's name.
SPEAKER_ADVERBS = frozenset(
    [
        "also",
        "further",
        "again",
        "later",
        "then",
        "earlier",
        "since",
        "recently",
        "repeatedly",
        "publicly",
        "privately",
        "once",
        "previously",
        "already",
        "reportedly",
        "subsequently",
        "here",
        "there",
        "too",
        "initially",
        "separately",
        "immediately",
    ]
)

# The participle a time phrase hangs on: "released" of "a survey released on Thursday".
_TIMED = re.compile(r"(?<=\w)\s+[a-z]{2,}ed$")


# A headline capitalises its relative pronoun too; the clause it opens names no one.
_HEADLINE_RELATIVES = frozenset(["Who", "Whom", "Whose", "Which"])
_FUNCTION = frozenset(["the", "a", "an", "of", "to", "for", "and", "in", "on", "at", "by"])
_PREPOSITIONS = frozenset(["by", "in", "for", "with", "at", "from", "on", "about"])
_QUANTIFIERS = frozenset(["those", "these", "some", "many", "most", "all", "few"])
_CLAUSE_WORDS = frozenset(
    [
        "who",
        "whom",
        "which",
        "that",
        "whose",
        "has",
        "have",
        "had",
        "is",
        "was",
        "were",
        "will",
        "would",
        "can",
        "could",
        "may",
        "might",
        "should",
        "did",
        "does",
        "also",
    ]
)


# A particle ("da", "van") joins a name only as a whole word before another name word:
# "Lula da Silva", not the "de" of "Rubio declared".
_NAME = (
    r"(?:[A-Z][\w'’\-]+|[A-Z][.\u2024])"
    r"(?:\s+(?:[A-Z][\w'’\-]+|[A-Z][.\u2024]|al-|(?:bin|de|da|van|von)(?=\s+[A-Z])))*"
)
# Titles before a name ("Mrs. Clinton", "Sen. Cruz", "Mr Shapps"): not part of the name.
# Titles written before a name, often with a dot that ends no sentence.
HONORIFICS = (
    "Mr", "Mrs", "Ms", "Dr", "Sen", "Sens", "Rep", "Reps", "Gov", "Gen", "Lt", "Col", "Prof",
    "Del", "Capt", "Sgt", "Adm", "Rev", "Amb", "Cllr",
)  # fmt: skip
_HONORIFIC = re.compile(rf"\b(?:{'|'.join(HONORIFICS)})[.\u2024]?(?=\s+[A-Z])")


def _looks_like_name(text: str) -> bool:
    return bool(re.fullmatch(_NAME, text.strip())) and len(text.split()) <= 4


def _relative_antecedent(before: str) -> str | None:
    """Whom "who" stands for in "…, Gov. John Kasich of Ohio, who said": the nearest named
    phrase before it in the sentence, leaving out an appositive after a short named phrase
    ("the ranking Democrat on the committee"); after a clause, "a White House official"."""
    clause = re.split(r"[.;:!?\"“”]\s", before)[-1]
    segments = ["", *(segment.strip(" ,") for segment in clause.split(", ")[-3:])]
    for before_it, segment in reversed(list(pairwise(segments))):
        appositive = re.match(r"(?:the|a|an)\s", segment) and len(before_it.split()) <= 6
        if re.search(_NAME, segment) and not (appositive and re.search(_NAME, before_it)):
            # "It was negotiated with help from Labor Secretary Thomas Perez, who said":
            # the name that ends a clause, not the clause.
            ending = _NAME_ENDING.search(segment)
            clause = ending and re.search(r"\s[a-z]+\s", segment[: ending.start() + 1])
            return ending.group(0) if ending and clause else segment
    return None


_NAME_ENDING = re.compile(r"(?<=\s)(?:[A-Z][\w.'’-]*\s+){1,4}[A-Z][\w'’-]+$")


def could_be_person(name: str) -> bool:
    """Whether "he" or "she" may point back to a remembered name: "Lopez-Cantera" or
    "Rick Scott", not "Even", "Several", "Republicans", "FBI" or "That’s" (a capitalised word
    that opens a sentence is remembered too when a source span starts there)."""
    words = [word.lower().strip(".,") for word in name.replace("’", "'").split()]
    if any(word in _FIRST_NAMES for word in words):
        return True
    if words and words[-1] in word_set("not_person_heads"):
        return False  # "South China Sea", "Select Committee": a thing or a body
    kept = [
        word
        for word in words
        if word.removesuffix("'s") not in _NOT_PEOPLE and not _CONTRACTION.search(word)
    ]
    if len(kept) != 1:
        return len(kept) > 1
    word = name.replace("’", "'").split()[words.index(kept[0])]
    return not (word.isupper() and len(word) <= 4)  # "FBI", "GOP": a body


# "I've", "they're": a pronoun and its verb, while "O'Brien" is a name.
_CONTRACTION = re.compile(r"'(?:ve|re|ll|m|d|t)$")
_FIRST_NAMES = word_set("female_names") | word_set("male_names")
_NOT_PEOPLE = (
    word_set("not_people")
    | word_set("not_names")
    | {word.lower() for words in country_words().values() for word in words}
)


# "Mr. Regalado, the mayor of Miami": a name (after a title) and its appositive.
TITLED_NAME_AND_APPOSITIVE = re.compile(
    r"^([A-Z][a-z]{1,3}[.\u2024]\s+)?("
    + _NAME
    + r"),\s+((?:an?|the)\s+[^,]+|[^,]*(?:'s|’s)\s[^,]+),?$"
)
_RELATIVE_CLAUSE = re.compile(r"\s+(?:who|whose|which|that)\b.*")


def role_then_name(appositive: str, name: str) -> str:
    """The appositive's role before the name it describes, as describe reads a role phrase
    ("China's envoy, Sun Lei"); a relative clause in the appositive ("a Michigan Republican
    who led the committee") is cut, since the source phrase would end at "who" and lose
    the name after it."""
    return _RELATIVE_CLAUSE.sub("", appositive) + ", " + name
