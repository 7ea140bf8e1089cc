"""Which earlier holder of a role a re-mention names, or the body a holder speaks for
("the ministry" after its spokeswoman): "the former president" is no sitting vice
president, and a bare "the president" the head of state or government the article names
before World Bank President Jim Yong Kim."""

from __future__ import annotations

from newsmon.models import Speaker
from newsmon.statements.official import official_status

# Roles whose bare re-mention ("the president") names a country's head, not a body's.
_HEADS_OF_STATE = (["president"], ["premier"], ["chancellor"])
# Roles whose bare re-mention ("the expert") names the latest person who is no official.
UNOFFICIAL = ("expert", "analyst", "scholar", "professor", "researcher")
# Words that make a role another office: a vice president is no president.
_ROLE_QUALIFIERS = frozenset(["vice", "deputy", "assistant", "associate", "acting", "lieutenant"])


def fits_role_as_said(words: list[str], holder: Speaker) -> bool:
    """Whether a role re-mention's words ("the", "former", "president") fit a holder of the
    role: a former one is no sitting (official) holder, and "the president" no vice
    president (though "the diplomat" is a deputy representative)."""
    if "former" in words and holder.official:
        return False
    role = (holder.role or "").split()
    if not role or role[-1] != words[-1]:
        return True
    return set(role[:-1]) & _ROLE_QUALIFIERS <= set(words)


def defers_to_a_head_of_state(words: list[str], holder: Speaker) -> bool:
    """Whether a bare "the president" takes this holder only when no official one (a head
    of state or government) was named: the president of a bank or a body is not official."""
    return words[1:] in _HEADS_OF_STATE and holder.official is not True


def body_of(holder: Speaker) -> Speaker:
    """The organisation a person speaks for, as a speaker of its own."""
    assert holder.organisation is not None
    return Speaker(
        name=holder.organisation,
        kind="organisation",
        organisation=holder.organisation,
        country=holder.country,
        official=official_status(holder.organisation),
    )
