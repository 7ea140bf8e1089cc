"""The speaker phrase of the rules' reading: the noun phrase right before a verb of saying,
without what opens its sentence (a dateline, a phrase of time or place, an adverb) or
describes it (a relative clause, an appositive, an adverb before the verb)."""

from __future__ import annotations

import re

from newsmon.statements.names import (
    DATELINE,
    SPEAKER_ADVERBS,
    TITLED_NAME_AND_APPOSITIVE,
    _looks_like_name,
    role_then_name,
)

# "On Thursday, after remaining neutral, Warren endorsed Clinton, saying …": the subject
# comes after the phrases that open the sentence.
_OPENING_CLAUSE = (
    r"(?i:on|in|at|after|before|when|while|as|since|during|despite|although|though|last|"
    r"earlier|later|meanwhile|however)\b[^,\"“”]{0,100},\s+"
)
OPENING = re.compile(r"^(?:" + _OPENING_CLAUSE + r"|(?:Then|But|And|Still)\s+){1,3}")
# The phrases alone, without the conjunctions: what subject_phrase takes off a speaker phrase.
_OPENING_PHRASE = re.compile(r"^(?:" + _OPENING_CLAUSE + r"){1,3}")
_OPENING_ADVERB = re.compile(
    r"^(?:Similarly|Significantly|Notably|Additionally|Finally|Separately|Moreover|Furthermore|"
    r"Nonetheless|Nevertheless|Now|Already|Instead|Indeed|Ultimately|Privately|Publicly|"
    r"Previously|Recently|Currently|Initially|Originally|Eventually|Afterward|Otherwise|Overall|"
    r"Again|Also|Yet|Today|Yesterday|Specifically|Importantly|Ironically|Clearly|Apparently|"
    r"Likewise|Consequently|Perhaps|Rather|Often|Even so|For now|So far),\s+"
)
# "backers privately", "Obama has": what stands between the speaker and "said".
_BEFORE_VERB = re.compile(r",?\s+(?:has|had|have|" + "|".join(sorted(SPEAKER_ADVERBS)) + r")$")


_DESCRIBED_NAME = re.compile(
    r"^((?:[A-Z][\w.'’\u2024-]*\s+){0,3}[A-Z][\w'’-]+),\s+"
    r"(?:(?:who\b|whose\b|\d{1,3},|[RDI]-[\w.\u2024]+,)[^\"“”]*"
    # "during a rally in Tucson, Arizona,": commas only before the place's capitalised words
    r"|(?:during|in|at|on|speaking|after|before|with|from)\s[^\"“”,]*(?:,\s+[A-Z][\w.]*)*),$"
)

_APPOSITIVES = re.compile(
    r"^((?:[A-Z][\w.'’\u2024-]*\s+){0,3}[A-Z][\w'’-]+),\s+((?:an?|the)\s[^,\"“”]+),[^\"“”]*,$"
)


def inserted_speaker(lead: str, rest: str) -> str:
    """The speaker phrase before the verb. An attribution set off by commas inside the
    clause ("Mrs. Clinton, analysts said, has other reasons …", "Survival, Mr. VandeHei
    says, depends on …") names its speaker between the commas, not in the clause's subject
    before them; a name with its appositive ("Sun Lei, China's envoy, said") has a comma
    before the verb."""
    lead = lead.strip()
    head, comma, inserted = lead.rpartition(", ")
    goes_on = rest.startswith(",") and rest.strip(" ,")  # words of the clause, not a quote
    if comma and goes_on and inserted and "," not in inserted and head.strip():
        return subject_phrase(inserted)
    return subject_phrase(lead)


def subject_phrase(lead: str) -> str:
    """The noun phrase right before the verb: after the last clause break."""
    lead = DATELINE.sub("", lead.strip())
    # "Similarly, William Bennett, a former secretary, said", "In Nevada, exit polls
    # suggested": what opens the sentence is no part of its subject.
    lead = _OPENING_PHRASE.sub("", _OPENING_ADVERB.sub("", lead)) or lead
    # "Sandy Phillips, who lost her daughter in Aurora, Colorado, in 2012, said": the
    # relative clause (or the age and home town, or where and when "during a town hall in
    # Columbus, Ohio,") set off by commas describes the name before.
    described = _DESCRIBED_NAME.match(lead)
    if described:
        return described.group(1)
    # "Giovanni Maria Vian, the editor in chief of the Vatican's newspaper, L'Osservatore
    # Romano, said": the first appositive gives the role, the name before it speaks.
    appositives = _APPOSITIVES.match(lead)
    if appositives:
        return role_then_name(appositives.group(2), appositives.group(1))
    closed = lead.endswith(",")
    lead = lead.rstrip(",")
    appositive = TITLED_NAME_AND_APPOSITIVE.match(lead)
    if appositive and closed and _looks_like_name(appositive.group(2)):
        if appositive.group(1):
            # "Mr. Regalado, the Republican mayor of Miami": a titled surname re-mentions
            # someone named before, or is all the name there is.
            return appositive.group(1) + appositive.group(2)
        return role_then_name(appositive.group(3), appositive.group(2))
    previous = None
    while previous != lead:
        previous = lead
        lead = re.sub(r"\s+(?:on|last|this)\s+\w+day$", "", lead)
        lead = _BEFORE_VERB.sub("", lead)
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
        closed
        and len(candidates) >= 2
        and _looks_like_name(candidates[-2])
        and not _looks_like_name(candidates[-1])
    ):
        return candidates[-2] + ", " + candidates[-1]
    return candidates[-1]
