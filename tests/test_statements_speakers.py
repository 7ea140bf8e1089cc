"""Speakers across an article (issue #15): re-mentions, pronouns by number, bodies, and the
speaker mention the report prints beside the resolved speaker. Each text has the shape of a
sentence from PolNeAR train where the rule was missing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsmon.models import Speaker, Statement
from newsmon.statements import SpeakerVocabulary, extract_statements, report
from newsmon.statements.mentions import _named_in
from newsmon.statements.names import side_that_speaks, source_phrase
from newsmon.statements.phrase_speaker import speaker_for_source
from newsmon.statements.speaker_phrase import subject_phrase
from newsmon.statements.speakers import _Context, _country

VOCABULARY = SpeakerVocabulary()


def speakers(text: str) -> list[Speaker]:
    return [statement.speaker for statement in extract_statements(text, VOCABULARY)]


def test_a_name_particle_is_a_whole_word_not_the_start_of_the_verb() -> None:
    text = (
        "Sen. Marco Rubio campaigned in Miami on Monday. "
        '"We are going to win Florida and then the nomination," Rubio declared.'
    )
    assert [s.name for s in speakers(text)] == ["Marco Rubio"]


def test_a_title_and_surname_re_mention_the_person_of_that_surname() -> None:
    text = (
        "Donald Trump spoke at a rally in Iowa on Sunday. His sister, Maryanne Trump Barry, "
        "is a federal judge. "
        '"She is a brilliant woman and she has been a great judge," Mr. Trump said.'
    )
    assert [s.name for s in speakers(text)] == ["Donald Trump"]


def test_a_generation_is_no_surname() -> None:
    text = (
        "Vice President Joseph R. Biden Jr. met party leaders in Washington. "
        '"We have to keep fighting for the middle class every day," Mr. Biden said.'
    )
    [speaker] = speakers(text)
    assert speaker.name.startswith("Joseph R. Biden")


def test_a_named_ministry_is_an_organisation() -> None:
    text = (
        "The Chinese Foreign Ministry said in a statement that China "
        '"firmly opposes any move that escalates the conflict".'
    )
    [speaker] = speakers(text)
    assert speaker.name == "Chinese Foreign Ministry" and speaker.kind == "organisation"
    assert speaker.official is True and speaker.country == "China"


def test_the_ministry_after_its_spokeswoman_is_the_ministry_not_her() -> None:
    text = (
        '"China supports every effort that helps the parties reach a ceasefire," Chinese '
        "Foreign Ministry spokeswoman Mao Ning told a regular press briefing in Beijing. "
        'The ministry later said that the talks "must continue without any preconditions".'
    )
    first, second = speakers(text)
    assert first.name == "Mao Ning" and first.kind == "person"
    assert second.kind == "organisation" and second.organisation == "Foreign Ministry"
    assert second.country == "China" and second.official is True


def test_it_is_a_body_and_never_the_last_person_named() -> None:
    text = (
        "The Pentagon said on Friday that the forces were ready to move within hours. "
        "Defense Secretary Ashton Carter was in Brussels. "
        '"The forces that could move to Benghazi are spinning up as we speak," it said.'
    )
    first, second = speakers(text)
    assert first.name == "Pentagon" and first.kind == "organisation"
    assert second == first


def test_the_report_gives_the_speaker_as_written_and_where() -> None:
    text = (
        "Transport Secretary Grant Shapps spoke on Monday. "
        '"We will not back down on this at all," Mr Shapps said. '
        '"The strikes must end before any talks begin," he added.'
    )
    rows = report(text, VOCABULARY)
    assert [row["speaker"] for row in rows] == ["Grant Shapps", "Grant Shapps"]
    assert [row["speaker_mention"] for row in rows] == ["Mr Shapps", "he"]
    for row in rows:
        assert text[row["speaker_start"] : row["speaker_end"]] == row["speaker_mention"]
    assert rows[0]["official"] is True and rows[0]["role"] == "secretary"


def test_who_is_the_person_named_before_it() -> None:
    context = _Context(VOCABULARY.compiled(), [])
    before = "First, they snagged the endorsement of former U.S. Sen. Gordon Humphrey, "
    assert speaker_for_source("who", context, before).name == "Gordon Humphrey"
    before = "She thanked Sen. Dianne Feinstein, the ranking Democrat on the committee, "
    assert speaker_for_source("who", context, before).name == "Dianne Feinstein"


def test_the_role_noun_whose_source_runs_on_into_its_clause_is_the_person_named_before() -> None:
    # Seed 002: the tagger's source is "the diplomat mentioned the suffering of the
    # civilian population"; the speaker is Sun Lei, not an unnamed "diplomat mentioned …".
    text = (
        "Sun Lei, China's deputy permanent representative to the UN, made the statement. "
        "Separately, the diplomat mentioned the suffering of the civilian population, "
        "stating that this issue \u201ctruly concerns Beijing.\u201d"
    )
    assert {s.name for s in speakers(text)} == {"Sun Lei"}


def test_a_role_phrase_then_the_name_in_commas_introduces_the_speaker_with_the_role() -> None:
    text = (
        "In an interview in Moscow, China's ambassador to Russia, Zhang Hanhui, discussed "
        "the peace talks. "
        '"Beijing supports direct dialogue between Moscow and Kyiv," Zhang Hanhui said. '
        '"China and Russia will keep close contact on the settlement," the ambassador said.'
    )
    found = speakers(text)
    assert [s.name for s in found] == ["Zhang Hanhui", "Zhang Hanhui"]
    assert all(s.official and s.role == "ambassador" and s.country == "China" for s in found)


def test_said_name_comma_role_to_a_body_is_the_person_not_the_body() -> None:
    text = (
        '"The United Kingdom will support any resolution that demands a ceasefire," said '
        "Barbara Woodward, the British ambassador to the United Nations."
    )
    [speaker] = speakers(text)
    assert speaker.name == "Barbara Woodward" and speaker.official


def test_what_a_body_was_asked_about_is_no_statement_of_it() -> None:
    text = (
        "At Thursday's regular press conference, the Foreign Ministry was asked about the "
        "next meeting of the Friends of Peace group on the Ukraine crisis."
    )
    assert speakers(text) == []


def test_a_participle_after_a_function_word_does_not_end_the_noun_phrase() -> None:
    from newsmon.statements.names import noun_phrase

    assert noun_phrase(["the", "diplomat", "mentioned", "the", "suffering"]) == ["the", "diplomat"]
    assert noun_phrase(["the", "ministry", "of", "the", "united", "nations"])[-1] == "nations"


@pytest.mark.parametrize(
    ("phrase", "head"),
    [
        # PolNeAR train: the tagger's Source span runs on into the verb, a relative pronoun,
        # an appositive or the words before a closing quote mark.
        ("The senator paused and", "The senator"),
        ("a familiar voice celebrated", "a familiar voice"),
        ("A YouGov poll of American voters has, however,", "A YouGov poll of American voters"),
        ("a White House official who", "a White House official"),
        ("The survey, conducted for the group America's Voice,", "The survey"),
        ("Constitution,\u201d the suit", "the suit"),
        ('said she was "tired of it." Her neighbours', "Her neighbours"),
        ('" Our mayor', "Our mayor"),
        # A word in quote marks is part of the phrase; the verb after it ends it.
        ('hundreds of self-styled "Riverites" have', 'hundreds of self-styled "Riverites"'),
        ("the \u201cSave Our Pier\u201d group", "the \u201cSave Our Pier\u201d group"),
        # A participle that describes the noun before it is part of the phrase.
        ("officials involved in the talks", "officials involved in the talks"),
        ("those surveyed", "those surveyed"),
        ("who", "who"),
        ("Sen. Ted Cruz", "Sen. Ted Cruz"),
        # "used to" is a verb, not a participle describing the name.
        (
            "House Republican Thomas Massie used to support fellow Kentuckian Rand Paul, but",
            "House Republican Thomas Massie",
        ),
    ],
)
def test_a_source_span_that_runs_on_is_cut_to_its_noun_phrase(phrase: str, head: str) -> None:
    assert source_phrase(phrase) == head


def test_the_speaker_of_a_source_that_runs_on_is_the_head_of_its_noun_phrase() -> None:
    context = _Context(VOCABULARY.compiled(), [])
    assert speaker_for_source("The senator paused and", context).name == "senator"
    assert speaker_for_source("The survey, conducted for X,", context).name == "survey"


def test_a_source_segment_of_function_words_names_no_one() -> None:
    from newsmon.statements.learned import Segment
    from newsmon.statements.source_words import names_someone
    from newsmon.statements.tagger import tokens

    # PolNeAR train: the tagger marked "to" and "but" as Sources; the nearest real Source
    # is the speaker. A pronoun, possessive or not, can stand for one.
    sequence = tokens("to but he his Sanders")
    assert not names_someone(sequence, Segment("SRC", 0, 1))
    assert names_someone(sequence, Segment("SRC", 2, 2))
    assert names_someone(sequence, Segment("SRC", 3, 3))
    assert names_someone(sequence, Segment("SRC", 1, 4))
    # "…, while also suggesting that …": a subordinating word alone opens a clause; it
    # names no one.
    sequence = tokens("while While Hurun")
    assert not names_someone(sequence, Segment("SRC", 0, 0))
    assert names_someone(sequence, Segment("SRC", 1, 2))


def test_a_source_segment_of_a_verb_and_its_object_names_no_one() -> None:
    from newsmon.statements.learned import Segment
    from newsmon.statements.source_words import names_someone
    from newsmon.statements.tagger import tokens

    # The tagger ran a Source over the verb after the subject it left out ("she's drifted
    # to the right on trade"; "the mayor knelt, all but pleading with a voter to …").
    sequence = tokens(
        "drifted to the right all but pleading with a voter elected officials leading economists"
    )
    assert not names_someone(sequence, Segment("SRC", 0, 3))
    assert not names_someone(sequence, Segment("SRC", 4, 9))
    # A participle or past form that modifies a noun is part of a speaker's name.
    assert names_someone(sequence, Segment("SRC", 10, 11))
    assert names_someone(sequence, Segment("SRC", 12, 13))
    # A participle opening the sentence, capitalised, is no name either.
    sequence = tokens("Walking into the hall")
    assert not names_someone(sequence, Segment("SRC", 0, 3))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Sandy Phillips, who lost her daughter Jessica Ghawi during the mass shooting in "
            "Aurora, Colorado, in July 2012, said that Sanders had treated her family "
            "disrespectfully during a phone call.",
            "Sandy Phillips",
        ),
        (
            "Cory James, 22, of Flint, Mich., said he hadn't given up hope that Sanders could "
            "pull a convention surprise.",
            "Cory James",
        ),
        (
            "Giovanni Maria Vian, the editor in chief of the Vatican's official newspaper, "
            "L'Osservatore Romano, said every pope was ''both religious and political.''",
            "Giovanni Maria Vian",
        ),
    ],
)
def test_a_name_described_by_a_clause_in_commas_is_the_subject(text: str, name: str) -> None:
    # PolNeAR train: the place at the end of the relative clause was taken for the speaker.
    assert [s.name for s in speakers(text)] == [name]


def test_the_mention_is_the_pronoun_of_the_attribution_when_it_is_nearer_than_the_name() -> None:
    text = (
        "In his Sunday interviews, Ben Carson again criticized the news media, though he "
        "added that the negative coverage has helped his campaign raise more money."
    )
    # "criticized the news media" is a statement of its own (issue #15 counts reactions).
    rows = {row["text"]: row for row in report(text, VOCABULARY)}
    row = rows["the negative coverage has helped his campaign raise more money"]
    assert (row["speaker"], row["speaker_mention"]) == ("Ben Carson", "he")


def test_a_pronoun_contracted_with_its_auxiliary_before_a_cue_is_the_source() -> None:
    from newsmon.statements.subjects import contracted_subject
    from newsmon.statements.tagger import tokens

    # "he's" is one token, which PolNeAR's Source ("he") never labels; "Bernie's" is no
    # pronoun, and "you" is the reader.
    text = "he's she\u2019s Bernie's you're"
    found = tokens(text)
    assert [contracted_subject(t) for t in found] == [(0, 2), (5, 8), None, None]


def test_the_head_of_a_re_mention_matches_a_whole_word_of_the_role_or_body() -> None:
    context = _Context(VOCABULARY.compiled(), [])
    group = Speaker(
        name="Club for Growth", organisation="a leading conservative group", kind="organisation"
    )
    context.remember(group, "A leading conservative group, the Club for Growth,")
    # PolNeAR train: "The ad touts …" and "the suit reads" went to the group and a lawsuit.
    assert context.resolve("the ad") is None
    assert context.resolve("the group") == group


def test_an_unnamed_source_ends_before_the_participle_clause_set_off_by_a_comma() -> None:
    text = (
        "An Israeli official, speaking on the condition of anonymity to discuss the prime "
        "minister's schedule, said Wednesday that Netanyahu will meet with any candidate."
    )
    (speaker,) = speakers(text)
    assert (speaker.name, speaker.kind) == ("Israeli official", "unnamed")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # PolNeAR train: the rules took the word before the figure, or a name in the
        # phrase before it; the tagger's source stands right before its cue.
        (
            "The poll was taken earlier this year. Around that time, 47 percent said they "
            "would vote for former Secretary of State Hillary Clinton.",
            "47 percent",
        ),
        ("In a Trump-Clinton matchup, 21 percent said they would not vote at all.", "21 percent"),
        # The rules' speaker stands before the verb past an appositive: it stays.
        (
            "Vassily Nebenzia, Russia's permanent representative to the United Nations, said "
            "Moscow was open to talks on the basis of the realities on the ground.",
            "Vassily Nebenzia",
        ),
    ],
)
def test_the_tagger_source_beside_its_cue_beats_a_rule_speaker_beside_no_verb(
    text: str, name: str
) -> None:
    assert [s.name for s in speakers(text)] == [name]


def test_a_sentence_opening_he_said_and_a_who_said_are_mentions_of_the_speaker() -> None:
    from newsmon.statements.mentions import _named_in

    sentence = "He said stocks are not a great investment right now."
    statement = Statement(
        speaker=Speaker(name="Donald Trump"),
        text=sentence[8:],
        kind="reported",
        spans=((108, 151),),
    )
    assert _named_in(sentence, 100, statement) == (100, 102)
    sentence = "It is a threat, said Glenn Beck, who said he would not vote for him."
    statement = Statement(
        speaker=Speaker(name="Glenn Beck"), text=sentence[42:], kind="reported", spans=((42, 67),)
    )
    assert _named_in(sentence, 0, statement) == (33, 36)
    # "which he called “…”": the pronoun beside the quote, not "said he" further back.
    sentence = "Tom Briggs said he backed the bill, which he called “a cartel for the rich.”"
    quote = sentence.index("a cartel")
    statement = Statement(
        speaker=Speaker(name="Tom Briggs"),
        text="a cartel for the rich.",
        kind="direct",
        spans=((quote, quote + 22),),
    )
    assert _named_in(sentence, 0, statement) == (42, 44)


@pytest.mark.parametrize(
    ("word", "text"),
    [
        ("O'Neill", "O'Neill said, and O'Neill's aide, O'Neill."),
        ("Jr.", "Jr. Smith Jr.x Jr"),  # a dot is a dot, not any character
        ("aa", "aaaaa"),  # left to right, no overlaps
        ("aa", "aa aaa_aa aa"),  # the underscore is a word character
        ("Beck", "no one"),
        ("Beck", "Becks and Beck, Beckett and (Beck)"),
        # Unicode word characters: letters, digits, numerals of other scripts
        ("Lee", "Lee-Anne Lee\u00e9 Lee2 Lee\u00b2 Lee\u0662 \u4e2dLee Lee"),
        ("(UN)", "(UN) x(UN)x a (UN)"),  # no word character at its ends: \b wants one beside
        ("U.S.", "U.S. U.S.A. the U.S.-led"),
    ],
)
def test_a_words_occurrences_are_what_re_finds_for_the_escaped_word(word: str, text: str) -> None:
    import re

    from newsmon.text import occurrences

    assert occurrences(word, text) == [m.span() for m in re.finditer(re.escape(word), text)]
    whole = [m.span() for m in re.finditer(r"\b" + re.escape(word) + r"\b", text)]
    assert occurrences(word, text, whole_word=True) == whole


@given(
    st.text(alphabet="ab_ .-(é²٢", min_size=1, max_size=4),
    st.text(alphabet="ab_ .-(é²٢", max_size=40),
)
def test_whole_word_occurrences_are_re_word_boundaries_for_any_text(word: str, text: str) -> None:
    import re

    from newsmon.text import occurrences

    whole = [m.span() for m in re.finditer(r"\b" + re.escape(word) + r"\b", text)]
    assert occurrences(word, text, whole_word=True) == whole


def test_of_the_tagger_source_and_the_rules_mention_the_nearer_one_attributes_the_words() -> None:
    from newsmon.statements.mentions import _nearer

    # "Carson again criticized the media, though he added that the coverage helped him."
    carson, he, words = (0, 6), (43, 45), (57, 90)
    assert _nearer(carson, he, words) == he
    assert _nearer(he, carson, words) == he
    assert _nearer(None, carson, words) == carson
    assert _nearer(carson, None, words) == carson


def test_the_official_is_not_the_latest_named_official() -> None:
    # PolNeAR train: "the official said" after a named lawmaker was an anonymous White House
    # official; "the diplomat" still resolves (seed 002, Sun Lei).
    context = _Context(VOCABULARY.compiled(), [])
    schiff = Speaker(name="Adam B. Schiff", role="representative", official=True)
    context.remember(schiff, "Representative Adam B. Schiff")
    assert context.resolve("the official") is None


def test_the_country_is_the_word_nearest_the_start_and_on_a_tie_the_first_listed() -> None:
    vocabulary = SpeakerVocabulary(countries={"Atlantis": ["US officials", "Poseidonia"]})
    compiled = vocabulary.compiled()
    assert _country("Poseidonia and US officials said", compiled) == "Atlantis"
    # "US" (United States, listed before Atlantis) starts where "US officials" does.
    assert _country("US officials said", compiled) == "United States"
    assert _country("officials said", compiled) is None


def test_a_possessive_her_leads_a_noun_phrase_of_someone_else() -> None:
    # PolNeAR train: "Her liberal friends have mocked …" was resolved to the woman quoted.
    context = _Context(VOCABULARY.compiled(), [])
    context.remember(Speaker(name="Mary Susan"), "Mary Susan")
    assert context.resolve("her") is not None
    assert context.resolve("Her liberal friends") is None


def test_a_pronoun_before_any_verb_of_saying_is_the_mention() -> None:
    from newsmon.statements.mentions import _named_in

    sentence = '"I\'m still here," he declared at the debate.'
    statement = Statement(
        speaker=Speaker(name="Ben Carson"), text="I'm still here,", kind="direct", spans=((1, 16),)
    )
    assert _named_in(sentence, 0, statement) == (18, 20)


def test_a_quote_that_carries_on_the_speaker_in_its_own_paragraph_keeps_the_mention() -> None:
    text = (
        "Chinese Foreign Ministry spokesman Lu Kang spoke in Beijing.\n\n"
        '"People should provide evidence for their accusations," he told reporters.\n\n'
        '"This is extremely irresponsible and it helps no one."'
    )
    rows = report(text, VOCABULARY)
    assert [(row["speaker"], row["speaker_mention"]) for row in rows] == [("Lu Kang", "he")] * 2


def test_a_cue_takes_the_source_of_its_own_sentence_over_a_nearer_one_in_the_next() -> None:
    from newsmon.statements.learned import Segment, _source_of
    from newsmon.statements.tagger import Tagged, tokens
    from newsmon.statements.token_sentences import _sentences

    # PolNeAR train: "calling" went to Trump of the next sentence, not to "he".
    sequence = tokens('Then he cut into Bush, calling him a "stiff". Trump said so.')
    words = [t.text for t in sequence]
    he, calling, trump = words.index("he"), words.index("calling"), words.index("Trump")
    labels = ["O"] * len(sequence)
    sources = [Segment("SRC", he, he), Segment("SRC", trump, trump)]
    tagged = Tagged(sequence, labels, [])
    source = _source_of(Segment("CUE", calling, calling), sources, tagged, _sentences(sequence))
    assert source == Segment("SRC", he, he)


@pytest.mark.parametrize(
    ("phrase", "kept"),
    [
        ("a congressional report on Wednesday", "a congressional report"),
        ("Beck last week", "Beck"),
        ("Clinton Tuesday night", "Clinton"),
        ("Sanders earlier this month", "Sanders"),
        ("Prime Minister Theresa May", "Prime Minister Theresa May"),
        ("this week", "this week"),
    ],
)
def test_when_a_source_spoke_is_not_part_of_who_it_is(phrase: str, kept: str) -> None:
    assert source_phrase(phrase) == kept


@pytest.mark.parametrize(
    ("sentence", "cue", "subject"),
    [
        (
            "On Monday, Clinton tried to turn the tables, portraying Sanders as a hypocrite.",
            "portraying",
            "Clinton",
        ),
        ("Then he cut into Bush, calling him a stiff.", "calling", "he"),
        (
            "The New Jersey governor was the most forceful figure on stage, mocking Rubio.",
            "mocking",
            "The New Jersey governor",
        ),
        (
            "WASHINGTON -- New Jersey Gov. Chris Christie spoke, saying he would run.",
            "saying",
            "New Jersey Gov. Chris Christie",
        ),
        (
            "Hours later, Trump returned the compliment, telling Reuters he was happy.",
            "telling",
            "Trump",
        ),
    ],
)
def test_a_participle_after_a_comma_is_said_by_the_subject_of_its_sentence(
    sentence: str, cue: str, subject: str
) -> None:
    from newsmon.statements.subjects import hangs_on_comma, sentence_subject
    from newsmon.statements.tagger import tokens

    sequence = tokens(sentence)
    at = [t.text for t in sequence].index(cue)
    assert hangs_on_comma(sequence, at)
    found = sentence_subject(sequence, 0, at)
    assert found is not None
    named = sentence[sequence[found[0]].start : sequence[found[1]].end]
    assert named == subject


def test_a_participle_after_its_own_attribution_or_a_preposition_is_left_to_the_tagger() -> None:
    from newsmon.statements.subjects import hangs_on_comma, sentence_subject
    from newsmon.statements.tagger import tokens

    sequence = tokens('"It was heated," said Devine, suggesting the next contests will be calm.')
    words = [t.text for t in sequence]
    assert sentence_subject(sequence, 0, words.index("suggesting")) is None
    sequence = tokens("The bill rose by $80,000, according to a report.")
    assert not hangs_on_comma(sequence, [t.text for t in sequence].index("according"))


def test_the_subject_before_saying_comes_after_the_phrases_opening_the_sentence() -> None:
    text = (
        "On Thursday, after remaining neutral throughout the primary process, Warren appeared "
        "with MSNBC's Rachel Maddow and endorsed Clinton, saying, \"I think having a fighter "
        'in the lead is exactly what this country needs."'
    )
    assert [s.name for s in speakers(text)] == ["Warren"]


def test_the_tagger_source_of_a_participle_is_the_subject_of_its_sentence() -> None:
    from newsmon.statements.learned import Segment, _source_of
    from newsmon.statements.tagger import Tagged, tokens
    from newsmon.statements.token_sentences import _sentences

    sequence = tokens(
        "On Monday, Clinton hit back, portraying Sanders as a hypocrite. Weaver said."
    )
    words = [t.text for t in sequence]
    cue, weaver = words.index("portraying"), words.index("Weaver")
    sources = [Segment("SRC", weaver, weaver), Segment("SRC", cue + 1, cue + 1)]
    tagged = Tagged(sequence, ["O"] * len(sequence), [])
    source = _source_of(Segment("CUE", cue, cue), sources, tagged, _sentences(sequence))
    assert source == Segment("SRC", words.index("Clinton"), words.index("Clinton"))


def test_an_official_of_a_named_body_is_unnamed_and_official_of_that_body() -> None:
    text = 'A White House official said the president "will not back down on this issue at all."'
    [row] = report(text, VOCABULARY)
    assert (row["kind"], row["organisation"], row["official"]) == ("unnamed", "White House", True)


def test_who_after_a_clause_is_the_phrase_before_it_even_with_an_article() -> None:
    text = (
        "Although there is no such overlap with Sanders's team, a White House official who "
        'spoke anonymously said Wednesday, "Certainly there are discussions between the White '
        'House and the Sanders campaign."'
    )
    [speaker] = speakers(text)
    assert (speaker.name, speaker.kind) == ("White House official", "unnamed")


def test_an_unnamed_source_is_the_last_phrase_of_a_source_that_runs_back_over_commas() -> None:
    context = _Context(VOCABULARY.compiled(), [])
    phrase = "After the Mason City event, several Clinton supporters"
    assert speaker_for_source(phrase, context).name == "Clinton supporters"


def test_the_body_after_its_unnamed_officials_is_the_body() -> None:
    # PolNeAR train: "the administration" after "Administration officials" was the officials.
    context = _Context(VOCABULARY.compiled(), [])
    officials = speaker_for_source("Administration officials", context)
    assert officials.kind == "unnamed" and officials.organisation
    body = context.resolve("the administration")
    assert body is not None and body.kind == "organisation"


@pytest.mark.parametrize(
    ("phrase", "name"),
    [
        ("a self-described Democratic socialist, a new poll", "a new poll"),
        ("Gwynne Shotwell, the president of SpaceX", "Gwynne Shotwell"),
        ("Gov. John Kasich of Ohio, the ranking Republican", "John Kasich"),
    ],
)
def test_a_source_after_an_appositive_that_names_no_one_is_the_phrase_after_it(
    phrase: str, name: str
) -> None:
    assert speaker_for_source(phrase, _Context(VOCABULARY.compiled(), [])).name == name


def test_friends_and_allies_are_unnamed_sources() -> None:
    context = _Context(VOCABULARY.compiled(), [])
    context.remember(Speaker(name="Mary Susan"), "Mary Susan")
    speaker = speaker_for_source("Her liberal friends", context)
    assert (speaker.name, speaker.kind) == ("Her liberal friends", "unnamed")


def test_a_place_before_a_role_is_no_name_and_the_role_is_re_mentioned_only_with_it() -> None:
    context = _Context(VOCABULARY.compiled(), [])
    vermont = speaker_for_source("the independent Vermont senator", context)
    assert vermont.name == "independent Vermont senator" and vermont.role == "senator"
    assert speaker_for_source("the senator", context) == vermont
    # Another state's senator is someone else, not the Vermont senator again.
    florida = speaker_for_source("the Florida senator", context)
    assert florida.name == "Florida senator"
    assert speaker_for_source("The New Jersey governor", context).name == "New Jersey governor"


@pytest.mark.parametrize(
    ("phrase", "name"),
    [
        ("Darran Whiting of Liberty Baptist Church in Marion", "Darran Whiting"),
        ("Gov. John Kasich of Ohio", "John Kasich"),
        ("Dana Whitfield on Radio Free Marion", "Dana Whitfield"),
        ("Omar Reyes at Harbor Street Capital", "Omar Reyes"),
    ],
)
def test_a_name_before_of_on_or_at_is_the_person_not_the_body_after_it(
    phrase: str, name: str
) -> None:
    assert speaker_for_source(phrase, _Context(VOCABULARY.compiled(), [])).name == name


def test_she_never_points_back_to_a_law() -> None:
    """ "Obama's Affordable Care Act" is a law: "she" after it is the woman named before."""
    context = _Context(VOCABULARY.compiled(), [])
    clinton = speaker_for_source("Hillary Clinton", context)
    law = speaker_for_source("Obama's Affordable Care Act", context)
    assert law.kind == "organisation"
    assert speaker_for_source("she", context) == clinton


@pytest.mark.parametrize(
    ("phrase", "name"),
    [
        ("Bank of America", "Bank of America"),
        ("the University of Chicago", "University of Chicago"),
    ],
)
def test_a_body_of_a_place_is_the_body(phrase: str, name: str) -> None:
    """ "Bank of America" was the person "Bank", "the University of Chicago" "Chicago"."""
    speaker = speaker_for_source(phrase, _Context(VOCABULARY.compiled(), []))
    assert (speaker.name, speaker.kind) == (name, "organisation")


def test_a_person_of_a_body_keeps_the_body() -> None:
    speaker = speaker_for_source(
        "Brian Moynihan, chief executive of Bank of America", _Context(VOCABULARY.compiled(), [])
    )
    assert (speaker.name, speaker.organisation) == ("Brian Moynihan", "Bank of America")


def test_it_before_a_verb_of_saying_is_where_the_rules_speaker_is_named() -> None:
    # The rules' speaker resolved "It" to the report named in an earlier sentence; the
    # mention is the "It" of this sentence (PolNeAR's Source), not nothing.
    sentence = "It said current officials have purposely concealed information about breaches."
    offset = 120
    words = sentence.index("current")
    statement = Statement(
        speaker=Speaker(name="congressional report", kind="organisation"),
        text=sentence[words:-1],
        kind="reported",
        spans=((offset + words, offset + len(sentence) - 1),),
        attribution=sentence,
    )
    assert _named_in(sentence, offset, statement) == (offset, offset + 2)


@pytest.mark.parametrize(
    ("introduction", "re_mentioned"),
    [
        # Roles are kept as "spokesperson": the re-mention's own word is read the same way.
        ("A spokeswoman for the Chinese Foreign Ministry, Mao Ning, said", "Mao Ning"),
        # A spokeswoman is no spokesman named before: no one named, then.
        ("Chinese Foreign Ministry spokesman Lin Jian said", "spokeswoman"),
    ],
)
def test_the_spokeswoman_re_mentions_a_spokeswoman_only(
    introduction: str, re_mentioned: str
) -> None:
    text = (
        f"{introduction} Beijing supports the talks in Istanbul. "
        'The spokeswoman added that China "will continue to play a constructive role."'
    )
    first, second = speakers(text)
    assert second.name == re_mentioned
    if re_mentioned == first.name:
        assert (second.role, second.organisation, second.country, second.official) == (
            "spokesperson",
            "Foreign Ministry",
            "China",
            True,
        )
    else:
        assert second.kind == "unnamed"


def test_a_spokeswoman_of_a_named_body_is_an_unnamed_official_source() -> None:
    text = (
        "But the next day, a State Department spokeswoman said the United States "
        '"welcomes any step toward a ceasefire."'
    )
    (speaker,) = speakers(text)
    assert speaker.kind == "unnamed" and speaker.name == "State Department spokeswoman"
    assert speaker.organisation == "State Department" and speaker.official is True


def test_a_quantifier_before_a_preposition_heads_the_source_and_a_bracket_is_no_name() -> None:
    # "several of them signalled support", "Many in the hall cheered": the quantifier is
    # what speaks; "some (" is the tagger running into a bracket, not a speaker "(".
    context = _Context(VOCABULARY.compiled(), [])
    assert speaker_for_source("several of them", context).name == "several of them"
    assert speaker_for_source("Many in the hall", context).name == "Many in the hall"
    assert speaker_for_source("some (", context).name == "some"
    assert speaker_for_source("most delegates", context).name == "delegates"


def test_a_titled_surname_is_a_person_never_a_body_named_after_them() -> None:
    text = (
        "The Obama administration said on Monday that it would review the rules on drones. "
        'Mr. Obama said: "We will not send ground troops into that war."'
    )
    last = [s.name for s in speakers(text)][-1]
    assert last != "Obama administration" and last == "Obama"


@pytest.mark.parametrize(
    ("phrase", "speaks"),
    [
        ("CLEVELAND — Mayor Tom Hale", "Mayor Tom Hale"),
        ("SALEM, Ore. — Mayor Tom Hale", "Mayor Tom Hale"),
        ("HARBOUR STILL SHUT - Mayor Ann Roe", "Mayor Ann Roe"),
    ],
)
def test_a_dateline_or_a_heading_before_a_tagged_source_is_no_part_of_it(
    phrase: str, speaks: str
) -> None:
    # One dateline pattern (names.DATELINE) for the tagged source and the rules' phrase.
    assert side_that_speaks(phrase, "") == speaks
    assert subject_phrase(phrase) == speaks
