"""Rules for one sentence: direct quotes and reported speech, and who said them."""

from __future__ import annotations

import re
from dataclasses import replace

from newsmon.models import Speaker, Statement
from newsmon.statements.according import according
from newsmon.statements.listeners import after_listener
from newsmon.statements.names import DATELINE
from newsmon.statements.phrase_speaker import _speaker_from_phrase
from newsmon.statements.sentences import _QUOTE
from newsmon.statements.speaker_phrase import OPENING, inserted_speaker, subject_phrase
from newsmon.statements.speakers import _Context
from newsmon.statements.subordinate import (
    clause_in_subordinate,
    main_clause_start,
    main_clause_subject,
)
from newsmon.statements.vocabulary import say_pattern

_SAY = say_pattern()
_QUOTE_MARK = re.compile(r"[\"“”]")
_APPOSITIVE = re.compile(
    r",\s+((?:an?|the)\s+[^,;\"“]{3,120}|[A-Z][^,;\"“]{0,40}['’]s\s[^,;\"“]{3,120})"
)
# "said Tuesday his plan …": a day or a month after the verb is when, not who.
_DATE_WORD = re.compile(
    r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|Jan|Feb|March|April|May|June|July|Aug|Sept|Oct|"
    r"Nov|Dec|Last|This|Earlier|Later"
)
_SHORT_THAT = re.compile(r"\s+[^,.\"“;:]{1,40}?\bthat\s+")
_DIRECTIVE = re.compile(
    r"^(?:urged|urges|called on|called for|said|says|told|tells|warned|accused|accuses)$"
)


def _statement_in(
    sentence: str, offset: int, context: _Context, previous: Speaker | None
) -> Statement | None:
    main = main_clause_start(sentence)
    if main and not _QUOTE_MARK.search(sentence, 0, main):
        # "While …, X said …": X's attribution is read in the main clause alone.
        statement = _statement_in(sentence[main:], offset + main, context, previous)
        # "Even as …, the race will be tight, said X": words that open the main clause
        # before their speaker take the opening clause too; the whole sentence is read.
        if statement is not None and statement.spans[0][0] > offset + main:
            return statement
        whole = _sentence_statement(sentence, offset, context, previous)
        return _quoted_in_main_clause(whole, sentence[main:], offset + main, context)
    return _sentence_statement(sentence, offset, context, previous)


def _quoted_in_main_clause(
    statement: Statement | None, clause: str, offset: int, context: _Context
) -> Statement | None:
    """'When Trump suggested …, Rubio fired back: "…"': the whole sentence's reading took the
    opening clause's verb and speaker, but quotes in the main clause (from ``offset``) are
    said by its subject."""
    if statement is None or statement.kind != "direct" or statement.spans[0][0] < offset:
        return statement
    subject = main_clause_subject(clause)
    speaker = _speaker_from_phrase(subject, context) if subject else None
    return statement if speaker is None else replace(statement, speaker=speaker)


def _sentence_statement(
    sentence: str, offset: int, context: _Context, previous: Speaker | None
) -> Statement | None:
    quotes = list(_QUOTE.finditer(sentence))
    words_quoted = sum(len(m.group(1).split()) for m in quotes)
    attribution = _attribution(sentence, quotes, context)
    if attribution is None:
        # A sentence that is nothing but a quote continues the previous speaker.
        if previous is None or not quotes or words_quoted < 4:
            return None
        if not _QUOTE.sub("", sentence).strip(" .,;:—-"):
            return _build(previous, sentence, offset, quotes, None, "")
        return None
    speaker, reported_start = attribution
    # Whole quotes make a direct statement; a sentence with only short partial quotes
    # ("scored a "diplomatic victory"") is reported speech and keeps its clause.
    whole_quotes = words_quoted >= 4 and all(len(m.group(1).split()) >= 4 for m in quotes)
    if quotes and (whole_quotes or reported_start is None):
        # '"…," said Beck, who said there were "…"': the second quote is another attribution.
        for k in range(1, len(quotes)):
            if _WHO_SAID.search(sentence, quotes[k - 1].end(), quotes[k].start()):
                quotes = quotes[:k]
                break
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
        # "Although X says that …, others argue that …": X's words end with the clause.
        clause = sentence[reported_start : clause_in_subordinate(sentence, reported_start)]
        clause = clause.strip()
        before_speaker = _CLAUSE_THEN_SPEAKER.match(sentence) if reported_start == 0 else None
        if before_speaker:
            clause = before_speaker.group("clause").strip()
        said_speaker = _said_then_speaker(sentence) if reported_start == 0 else None
        if said_speaker and not said_speaker.group("rest"):
            clause = said_speaker.group("clause").strip()
        clause = re.sub(r",?\s+(?:he|she|they)\s+(?:said|added|noted)\.?$", "", clause)
        clause = DATELINE.sub("", clause)
        clause = clause.rstrip(" .")
        if len(clause.split()) < 4:
            return None
        words = clause
        begin = offset + sentence.index(clause)
        spans = ((begin, begin + len(clause)),)
        kind = "reported"
    return Statement(speaker=speaker, text=words, kind=kind, spans=spans, attribution=attribution)


_WHO_SAID = re.compile(r",\s+who\s+(?:" + _SAY + r")\b")
_QUOTE_THEN_SPEAKER = re.compile(
    r"[\"”»]\s*,?\s*(?:(?:"
    + _SAY
    + r")\s+(?P<after>[^,.;]+?)(?=[,.;:]|$)|(?P<before>[^\"“”.;]+?)\s+(?:"
    + _SAY
    + r"))(?:\s|[,.;:]|$)"
)
# A speaker phrase opens with no preposition: after a quote, such words go on with the
# sentence ('"the end" for the EU, said Wilders'), and the speaker may follow the verb.
_GOES_ON = re.compile(
    r"(?:for|than|to|of|in|on|at|by|with|from|about|as|so|since|because|into|over|against|"
    r"until|unless|after|before|when|while|if|during|under|without|through|amid|among|despite|"
    r"like|toward|across|around|within|including)\b"
)
_QUOTE_GOES_ON = re.compile(
    r"[\"”»][^\"“”.;]*?,\s*(?:" + _SAY + r")\s+(?P<after>[^,.;\"“”]+?)(?=[,.;:]|$)"
)
_SPEAKER_THEN_VERB = re.compile(
    r"^(?P<lead>(?:[^\"“”]{0,160}?))\s*\b(?P<verb>" + _SAY + r")\b(?P<rest>.*)$"
)
_SPEAKER_BEFORE_QUOTE = re.compile(
    r"(?:^|[,;]\s*|\b(?:but|and|while)\s+)(?P<who>[^,;\"“]{1,120}?)\s+(?:"
    + _SAY
    + r")(?:\s+(?:on|in|at|during)\s+[^,\"“]{1,60})?(?:\s+(?:this|that|the following))?"
    r"\s*[:,]?\s*$"
)
# "Smith criticised the plan, saying, "…"": the subject of the sentence is the speaker.
_SAYING = re.compile(r",\s*saying[,:]?\s*$")
_LEADING_NAME = re.compile(r"^(?:(?:[A-Z][\w.'’\u2024-]*|of|the)\s+){0,6}[A-Z][\w'’-]+")
# "…, and other leaders said he …" joins a second attribution: the clause is not theirs; nor
# is "…, plus four officials - but said …" (a verb coordinated with the subject's first one).
_CLAUSE_THEN_SPEAKER = re.compile(
    r"^(?P<clause>.{20,}?),\s+(?P<who>(?!(?:and|but|while|whereas)\s)[^,]{2,120}?)"
    r"(?<!\sand)(?<!\sbut)(?<!\sor)\s+(?:said|says|told|stressed|noted|added|"
    r"stated|emphasi[sz]ed|warned|believes)\b(?P<tail>(?!\s+that\b)[^,]{0,80})\.?$"
)
# "Mr. Obama warned …, said an American official who …." and "The contrast, said Doyle and
# others, would be clear …": the verb before its speaker, the clause (or most of it) before.
_CLAUSE_SAID_SPEAKER = re.compile(
    r"^(?P<clause>[^\"“”]{20,}?),\s+(?:said|says)\s+"
    r"(?P<who>(?:[A-Z]|(?:an?|the|one|two|three|several|many|some|other|most)\s)[^,\"“”]{1,160}?)"
    r"(?:,(?P<rest>[^\"“”]{12,}?))?\.?$"
)
_NAME_AND_APPOSITIVE = re.compile(
    r"^(?:[A-Z][\w.'’\u2024-]*\s+){0,3}[A-Z][\w'’-]+,\s+(?:an?\s|the\s|[A-Z][^,]*['’]s\s)[^,]+$"
)
# "A spokeswoman for the ministry, Mao Ning, said …": the appositive the other way round.
_APPOSITIVE_AND_NAME = re.compile(r",\s+(?:[A-Z][\w.'’\u2024-]*\s+){0,3}[A-Z][\w'’-]+$")


# "Sen. Jane Roe, R-Ohio, a long-shot candidate, said Obama is …", "Cruz, who says …, said GOP
# voters should …", "Her office, when contacted by Reuters, said the mayor …": the subject
# and the words set off after it speak; the name after "said" opens what was said.
_SUBJECT_SET_OFF = re.compile(
    r"^(?!(?:In|On|At|After|Before|When|While|As|Since|During|Despite|Although|Though|For|From|"
    r"With|By|If|But|And|So|Still|Now|Then|Meanwhile|However|Instead)\b)"
    r"(?:[A-Z][\w.'’\u2024-]*\s+|(?:former|senior|top|longtime|of|the|de)\s+){0,5}"
    r"(?:[A-Z][\w'’-]*|[a-z]+(?<!ed)(?<!\bis)(?<!\bwas)(?<!\bhas))"
    r",\s+(?:who|whose|an?|the|for example|[RDI]-|\d|[a-z]+ing\b|[A-Z][\w.'’-]*['’]s\s"
    r"|(?:when|while|after|before|once)\s+[a-z]+(?:ed|ing)\b)"
)


def _said_then_speaker(sentence: str) -> re.Match[str] | None:
    """SENTENCE as "<clause>, said <speaker>…", unless what stands before "said" is the
    speaker itself, a name with its appositive either way round: "Andriy Yermak, the head
    of the office, said the delegation …", "A spokeswoman for the ministry, Mao Ning,
    said Beijing …"."""
    match = _CLAUSE_SAID_SPEAKER.match(sentence)
    if match is None:
        return None
    clause = match.group("clause")
    if _NAME_AND_APPOSITIVE.match(clause) or _APPOSITIVE_AND_NAME.search(clause):
        return None
    if _SUBJECT_SET_OFF.match(clause):
        return None
    return match


_AS_SAID = re.compile(r"^As (?P<who>.+?) (?:" + _SAY + r"),")
# Any speech verb, even inside a word: each reading in _attribution but "according to"
# needs one (the verbs _CLAUSE_THEN_SPEAKER names are among them). Starting with the
# verbs' first letters, it is scanned for in C, not tried at each position.
_ANY_SAY = re.compile(_SAY)


def _attribution(
    sentence: str, quotes: list[re.Match[str]], context: _Context
) -> tuple[Speaker, int | None] | None:
    """The speaker of a sentence and where its reported clause starts (None: quotes only)."""
    if _ANY_SAY.search(sentence) is None:
        # Every reading but "according to" needs a speech verb: most sentences have none,
        # and one scan for it costs less than their regexes (each is tried in vain).
        return according(sentence, quotes, context)
    if quotes:
        tail = sentence[quotes[0].end() - 1 :]
        match = _QUOTE_THEN_SPEAKER.match(tail)
        if not match and len(quotes) > 1:  # "A." "B," X said.
            tail = sentence[quotes[-1].end() - 1 :]
            match = _QUOTE_THEN_SPEAKER.match(tail)
        if match and not match.group("after") and _GOES_ON.match(match.group("before")):
            # '"the beginning of the end" for the EU, said Wilders'
            late = _QUOTE_GOES_ON.match(tail)
            match = late if late or _GOES_ON.match(subject_phrase(match.group("before"))) else match
        if match:
            phrase = match.group("after") or subject_phrase(match.group("before"))
            if match.group("after"):
                # "…," said Li Ming, a researcher at X.: the appositive gives the role.
                appositive = _APPOSITIVE.match(tail, match.end("after"))
                if appositive:
                    phrase += ", " + appositive.group(1)
            speaker = _speaker_from_phrase(phrase, context)
            if speaker:
                return speaker, None
        match = _AS_SAID.match(sentence)
        if match:
            speaker = _speaker_from_phrase(match.group("who"), context)
            if speaker:
                return speaker, None
    if quotes and _SAYING.search(sentence[: quotes[0].start()]):
        leading = _LEADING_NAME.match(OPENING.sub("", DATELINE.sub("", sentence)))
        speaker = _speaker_from_phrase(leading.group(0), context) if leading else None
        if speaker:
            return speaker, None
    if quotes:
        match = _SPEAKER_BEFORE_QUOTE.search(sentence[: quotes[0].start()])
        if match:
            speaker = _speaker_from_phrase(subject_phrase(match.group("who")), context)
            if speaker:
                return speaker, None
    else:
        match = _CLAUSE_THEN_SPEAKER.match(sentence)
        if match:
            speaker = _speaker_from_phrase(subject_phrase(match.group("who")), context)
            if speaker:
                return speaker, 0
        match = _said_then_speaker(sentence)
        if match:
            speaker = _speaker_from_phrase(match.group("who"), context)
            if speaker:
                return speaker, 0
    unquoted = sentence[: quotes[0].start()] if quotes else sentence
    match = _SPEAKER_THEN_VERB.match(unquoted)
    if match:
        lead = match.group("lead")
        speaker = _speaker_from_phrase(inserted_speaker(lead, match.group("rest")), context)
        if speaker:
            rest_start = match.start("rest")
            rest = sentence[rest_start:]
            # "told reporters that …", "told the committee on Tuesday that …": the clause
            # starts after a short "that"; otherwise after the usual openers.
            short_that = _SHORT_THAT.match(rest)
            clause = short_that or re.match(
                r"(?:\s+(?:in an interview with|in a statement|to|at|on|during|in|with|"
                r"after|before|when)\b[^,\"“]*?)?(?P<named>\s+(?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*)?"
                r"(?:\s+on \w+day)?\s*(?:that\b|:|,)?\s*",
                rest,
            )
            start = rest_start + (clause.end() if clause else 0)
            if (
                match.group("verb") in ("told", "tells")
                and clause is not None
                and clause is not short_that
                and not clause.group("named")
            ):
                start = after_listener(sentence, start)
            if (
                clause is not None
                and clause is not short_that
                and clause.group("named")
                and not _DATE_WORD.match(clause.group("named").strip())
                and match.group("verb") in ("said", "says")
                and not re.search(r"(?:that|:|,)\s*$", clause.group(0))
            ):
                # "said Obama failed to …": after "said" a name is the clause's subject, not
                # whom it was said to ("told Reuters the plan …").
                start = rest_start + clause.start("named") + 1
            if quotes and quotes[0].start() <= start + 3:
                return speaker, None
            introduced = clause is not None and re.search(r"(?:that|:)\s*$", clause.group(0))
            if introduced or _DIRECTIVE.match(match.group("verb")):
                return speaker, start
            return None
    return according(sentence, quotes, context)
