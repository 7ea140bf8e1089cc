"""Whom "he" and "she" point back to (issue #15): a person who spoke or opened a sentence,
never a capitalised word that names no one. Each text has the shape of a sentence from
PolNeAR train where "he" went to the wrong person."""

from __future__ import annotations

import pytest

from newsmon.models import Speaker
from newsmon.statements import SpeakerVocabulary, extract_statements, report
from newsmon.statements.names import could_be_person
from newsmon.statements.speakers import _Context

VOCABULARY = SpeakerVocabulary()


def speakers(text: str) -> list[str]:
    return [statement.speaker.name for statement in extract_statements(text, VOCABULARY)]


@pytest.mark.parametrize("word", ["Even", "Republicans", "Several", "FBI", "That’s", "English"])
def test_he_never_points_back_to_a_capitalised_word_that_names_no_one(word: str) -> None:
    context = _Context(VOCABULARY.compiled(), [])
    context.remember(Speaker(name="Carlos Lopez-Cantera", official=None))
    context.remember(Speaker(name=word, official=None))
    resolved = context.resolve("he")
    assert resolved is not None and resolved.name == "Carlos Lopez-Cantera"


def test_he_never_points_back_to_a_newspaper_that_reported_in_between() -> None:
    text = (
        '"We need to get the economy moving again," Ben Carson said on Friday. The Wall '
        "Street Journal reported that his campaign raised $20 million. "
        'He said "the people are tired of waiting for Washington to act."'
    )
    assert speakers(text)[-1] == "Ben Carson"


@pytest.mark.parametrize(
    ("name", "person"),
    [
        ("O'Brien", True),
        ("Lopez-Cantera", True),
        ("Rick Scott", True),
        ("Even Republicans", False),
        ("I’ve", False),
        ("GOP", False),
        ("South China Sea", False),
        ("Senate Select Committee", False),
    ],
)
def test_a_name_is_a_person_unless_its_words_name_a_party_a_people_or_nothing(
    name: str, person: bool
) -> None:
    assert could_be_person(name) is person


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Named in passing after the speaker: "he" is still the speaker.
        (
            '"We will win on the first ballot," Paul Manafort told reporters on Sunday, after '
            "a rally where delegates cheered for Ted Cruz. "
            'He said "the numbers are on our side and they will stay there."',
            ["Paul Manafort", "Paul Manafort"],
        ),
        # Who spoke last is who spoke most recently, not who was named last for the first
        # time: Delaney spoke again after Whitfield.
        (
            '"We will cut taxes for every family," Mark Delaney said on Monday. '
            '"The plan is reckless and nobody has costed it," Tom Whitfield told reporters. '
            '"It is the only plan that adds up," Delaney said. '
            'Voters will decide in May. He said "the numbers will speak for themselves."',
            ["Mark Delaney", "Tom Whitfield", "Mark Delaney", "Mark Delaney"],
        ),
        # A person named before who opens a sentence is salient again: "she" is Holloway,
        # not the pollster who spoke last.
        (
            '"We will win in November," Margaret Holloway said on Monday. '
            '"Both parties misread the voters this year," said Anna Berg, a pollster. '
            "Mrs. Holloway has led the state since 2019. "
            'She said "the record speaks for itself and the voters know it."',
            ["Margaret Holloway", "Anna Berg", "Margaret Holloway"],
        ),
        # A name that opens a quotation is no subject of the sentence: "he" is Delaney.
        (
            '"The plan is reckless," Tom Whitfield said on Monday. '
            '"We will cut taxes for every family," Mark Delaney told reporters. '
            '"Whitfield never funded a single school in his years in office," he said.',
            ["Tom Whitfield", "Mark Delaney", "Mark Delaney"],
        ),
        # "Dan" and "Kathy" are first names the lists know: "she" is no Dan.
        (
            '"We will win this county by ten points," Kathy Moran said on Monday. '
            '"The polls say otherwise and they are rarely wrong," Dan Reeve told reporters. '
            'She said "the polls were wrong in 2016 and they will be wrong again."',
            ["Kathy Moran", "Dan Reeve", "Kathy Moran"],
        ),
        # The subject after a leading phrase is salient again too.
        (
            '"We will keep fighting for these families," Luis Mendoza said on Monday. '
            '"The camps must close before the summer," said Tom Reyes, a lawyer. '
            "Growing up in El Paso, Mendoza saw families cross the river every week. "
            'He said "nobody should be locked up for seeking safety."',
            ["Luis Mendoza", "Tom Reyes", "Luis Mendoza"],
        ),
        # A person named in a possessive is the person, without the "'s".
        (
            "Tom Reddick's campaign raised $20 million in March. "
            '"We will win Ohio and then we will win the country," he said.',
            ["Tom Reddick"],
        ),
        # The sentence's subject is the latest person when it ends, though another spoke
        # inside it.
        (
            '"We will keep the plan," Luis Mendoza said on Monday. '
            "Tom Reyes listened as Mendoza said that costs were rising in every district. "
            '"Nobody here trusts those numbers," he told reporters.',
            ["Luis Mendoza", "Luis Mendoza", "Tom Reyes"],
        ),
        # A name that opens its sentence is its subject, salient like a speaker.
        (
            '"We will appeal the ruling," Gov. Rick Scott said on Monday. '
            "Carlos Lopez-Cantera, the lieutenant governor, met the families in Miami. "
            'He said "the state will not give up on any of them."',
            ["Rick Scott", "Carlos Lopez-Cantera"],
        ),
    ],
)
def test_he_is_the_latest_person_who_spoke_or_opened_a_sentence(
    text: str, expected: list[str]
) -> None:
    assert speakers(text) == expected


def test_a_person_takes_no_gender_from_another_name_in_the_sentence_that_introduced_her() -> None:
    context = _Context(VOCABULARY.compiled(), [])
    context.remember(Speaker(name="Paul Reddick", official=None))
    context.remember(
        Speaker(name="Marie Walsh", official=None),
        "Reddick thanked Tom Baines and a nurse, Marie Walsh, for their work",
    )
    resolved = context.resolve("he")
    assert resolved is not None and resolved.name == "Paul Reddick"


def test_mrs_re_mentions_no_man_of_that_surname_and_gives_her_mention_a_gender() -> None:
    context = _Context(VOCABULARY.compiled(), [])
    context.remember(Speaker(name="Holloway", official=None))
    context.remember(Speaker(name="Tom Holloway", official=None))
    resolved = context.resolve("Mrs. Holloway")
    assert resolved is not None and resolved.name == "Holloway"
    she = context.resolve("she")
    assert she is not None and she.name == "Holloway"


@pytest.mark.parametrize(
    "sentence",
    [
        "But Mrs. Clinton has praised Mr. Obama.",
        "Growing up in El Paso, Mendoza saw the border change.",
        "With Mr. Bush's exit, the field narrowed.",
        "He said nothing.",
    ],
)
def test_a_sentences_cached_opening_names_are_the_ones_read_afresh(sentence: str) -> None:
    """opened_by reads a sentence's opening names from a cache that extract()'s second call
    for the sentence hits; what it holds is what reading the sentence again gives, and a
    sentence read in between does not change it."""
    from newsmon.statements.speakers import _opening_names

    first = _opening_names(sentence)
    _opening_names("Then Senator Warren spoke.")
    assert _opening_names(sentence) == first == _opening_names.__wrapped__(sentence)


def test_a_sentence_asked_about_twice_reads_the_mentions_as_they_are_the_second_time() -> None:
    """The cache keeps the sentence's names, not whom they resolved to: a person remembered
    between the two calls is found by the second."""
    context = _Context(VOCABULARY.compiled(), [])
    context.remember(Speaker(name="Paul Reddick", official=None))
    sentence = "Mrs. Clinton has praised Mr. Obama."
    context.opened_by(sentence)
    assert context.mentions[-1].speaker.name == "Paul Reddick"
    context.remember(Speaker(name="Hillary Clinton", official=None), source=False)
    context.remember(Speaker(name="Tom Baines", official=None))
    context.opened_by(sentence)
    assert context.mentions[-1].speaker.name == "Hillary Clinton"


def test_a_quote_of_its_own_goes_on_with_the_speaker_of_the_quote_before_it() -> None:
    # The tagger reads "Her union colleagues have mocked …" as reported words of theirs in
    # Dana's sentence; the quote in the next paragraph is still Dana's.
    text = (
        "Mary Dana, a delegate from Ohio, arrived early. Her union colleagues have mocked "
        "the mayor’s spending plans, calling the mayor “a reckless gambler,” Dana said as "
        "she walked to the podium.\n\n“But she is our gambler, and we trust her!”"
    )
    rows = {row["text"]: row for row in report(text, VOCABULARY)}
    continued = rows["But she is our gambler, and we trust her!"]
    assert continued["speaker"] == "Mary Dana"
    assert continued["speaker_mention"] == "Dana"


def test_an_interviewers_q_is_no_speaker() -> None:
    # "Q:" names no one, as "you" does not: what the interviewer puts is no one's statement.
    text = (
        "Vice President Joe Biden spoke with two reporters in his office on Tuesday.\n\n"
        "Q: The polls tell us that voters in both parties are angry at the establishment, "
        "and they want someone who will shake up Washington.\n\n"
        "A: I think that is right, and we have to listen to them."
    )
    assert "Q" not in speakers(text)


def test_a_sentence_read_again_after_a_new_mention_makes_that_person_salient() -> None:
    # extract() reads each sentence's opening names before and after its statements; the
    # second reading is skipped only when no mention changed in between.
    sentence = "Ms. Okafor praised the plan on Tuesday."
    context = _Context(VOCABULARY.compiled(), [])
    context.opened_by(sentence)  # no one is known yet
    context.remember(Speaker(name="Grace Okafor", official=None), source=False)
    context.remember(Speaker(name="Tom Reyes", official=None))
    context.opened_by(sentence)
    assert context.mentions[-1].speaker.name == "Grace Okafor"
    assert context.mentions[-1].source
