"""A party named in an appositive describes its person and is no name; a role re-mention
binds to the person who holds that role as the words say it (sentences written for these
tests)."""

from __future__ import annotations

from newsmon.statements import SpeakerVocabulary, extract_statements
from newsmon.statements.describe import _describe
from newsmon.statements.introductions import _introductions
from newsmon.statements.phrase_speaker import speaker_for_source
from newsmon.statements.speakers import _Context

VOCABULARY = SpeakerVocabulary().compiled()


def speakers(text: str) -> list[str]:
    return [s.speaker.name for s in extract_statements(text, SpeakerVocabulary())]


def test_the_person_before_an_appositive_with_a_party_and_a_clause_speaks() -> None:
    text = (
        "Jane Holloway, a Vermont Democrat who chairs the budget panel, said the cuts went too far."
    )
    assert speakers(text) == ["Jane Holloway"]


def test_a_titled_surname_before_a_party_appositive_speaks() -> None:
    text = "Ms. Whitcombe, the Democratic mayor of Springfield, said the bridge would reopen."
    assert speakers(text) == ["Whitcombe"]


def test_a_party_member_set_off_by_commas_is_the_name_before_it() -> None:
    text = "Harlan Pruitt ran the count. Pruitt, a Republican, said the ballots were safe."
    assert speakers(text)[-1] == "Pruitt"


def test_a_party_word_in_a_descriptive_appositive_is_no_name() -> None:
    # The order the rules give a name and its appositive in: the role phrase first.
    described = _describe("a top Democratic tech operative, Josh Kellner", VOCABULARY)
    assert described is not None and described.name == "Josh Kellner"


def test_a_party_word_before_a_first_name_is_no_part_of_the_name() -> None:
    text = (
        "Republican Margaret Ellison said the bill would pass. "
        "The Democratic National Committee said it would fight the bill."
    )
    assert speakers(text) == ["Margaret Ellison", "Democratic National Committee"]


def test_the_bare_president_is_the_head_of_state_not_a_banks_president() -> None:
    text = (
        "President Maria Santos opened the summit on Monday. Development Bank President Ole"
        " Berg said the loans would grow. The president said the summit had gone well."
    )
    assert speakers(text) == ["Ole Berg", "Maria Santos"]


def test_the_former_president_is_no_sitting_vice_president() -> None:
    text = (
        "Former President Bill Clinton said the party was united. Vice President Joe Biden"
        " said the race was close. The former president said the campaign would go on."
    )
    assert speakers(text) == ["Bill Clinton", "Joe Biden", "Bill Clinton"]


def test_a_name_after_a_second_role_in_a_coordination_holds_the_second_role() -> None:
    text = (
        "The governor and her chief of staff, Paul Lindqvist, greeted the guests. "
        '"It was a long year," the governor said.'
    )
    found = speakers(text)
    assert found and "Paul Lindqvist" not in found


def test_a_clause_after_a_name_and_comma_introduces_no_role() -> None:
    sentence = (
        "Mr. Lutz, who backed a suit against Acme Media, is the candidate's first donor, aides say."
    )
    assert all(s.name != "Acme Media" for s in _introductions(sentence, VOCABULARY))


def test_a_name_with_its_party_seat_before_a_party_appositive_speaks() -> None:
    context = _Context(VOCABULARY, [])
    phrase = "Sen. Dan Pike (R-Ohio), a Republican candidate for governor who runs on jobs,"
    assert speaker_for_source(phrase, context).name == "Dan Pike"


def test_a_role_with_and_inside_it_is_one_role_held_by_the_name_after_it() -> None:
    text = (
        "The minister of trade and industry, Jane Doerr, opened the fair. "
        '"Exports have never been stronger," the minister said.'
    )
    assert speakers(text)[-1] == "Jane Doerr"


def test_a_state_before_a_titled_full_name_is_no_part_of_the_name() -> None:
    text = (
        "The mayor's rival, Ohio Sen. Ann Roe, said the harbour plan would cost the state "
        "too much. New Mexico Gov. Tom Hale said the plan was sound."
    )
    assert speakers(text) == ["Ann Roe", "Tom Hale"]
    # A first name that is also a state's is the name.
    assert speakers("Georgia Mills said the harbour plan would cost the state too much.") == [
        "Georgia Mills"
    ]


def test_an_opening_conjunction_is_no_part_of_an_introduced_name() -> None:
    sentence = (
        "But Guardian, the first independent mayor elected in Salem in decades, stopped "
        "short of backing the plan."
    )
    assert [s.name for s in _introductions(sentence, VOCABULARY)] == []
    sentence = "Yet Ann Guardian, the mayor of Salem, stopped short of backing the plan."
    assert [s.name for s in _introductions(sentence, VOCABULARY)] == ["Ann Guardian"]
    # A first name that is also a word ("Will", "April") opens the name itself.
    sentence = "Will Ortman, the former mayor of Salem, stopped short of backing the plan."
    assert [s.name for s in _introductions(sentence, VOCABULARY)] == ["Will Ortman"]
    sentence = "April Hale, the mayor of Salem, stopped short of backing the plan."
    assert [s.name for s in _introductions(sentence, VOCABULARY)] == ["April Hale"]


def test_a_role_the_appositive_acts_on_is_not_the_persons() -> None:
    sentence = "Ann Guardian, eager all day to lecture senators on the budget, left the hall early."
    assert [(s.name, s.role) for s in _introductions(sentence, VOCABULARY)] == []
