import uuid
from types import SimpleNamespace

import pytest

from directory import domain as D
from etwinning_contracts.errors import Invalid


@pytest.mark.parametrize("raw,expected", [
    ("Müller", "muller"), ("Łukasz Wałęsa", "lukasz walesa"), ("Ørsted-Ærø", "orsted aero"), ("STRAßE", "strasse"),
    ("François  d'Alembert", "francois d alembert"), ("Παπαδοπούλου", "παπαδοπουλου"), ("Іван", "іван"), ("", ""),
])
def test_normalise_drops_case_and_accents(raw, expected):
    assert D.normalise(raw) == expected


@pytest.mark.parametrize("parts,expected", [
    (("Тарас", "Шевченко", "Тарас Шевченко"), "тарас шевченко taras shevchenko"),
    (("Ελένη", "Παπαδοπούλου", None), "ελενη παπαδοπουλου eleni papadopoulou"),
    (("Klaus", "Müller", "Klaus Müller"), "klaus muller"),
    (("Nino", "ბერიძე", "Nino ბერიძე"), "nino ბერიძე beridze"),
    (("Ольга", "Подъячева", None), "ольга подъячева olga podyacheva"),  # a sign is no word break
])
def test_names_in_other_scripts_are_searchable_in_latin_letters_too(parts, expected):
    assert D.name_text(*parts) == expected


def test_a_word_of_another_script_is_one_query_word_in_latin_letters():
    assert D.name_query_words("Ольга") == ["olga"]  # one word typed, one word matched (R51)


def test_a_school_is_known_by_its_name_and_town_in_both_scripts():
    assert D.school_text("Ліцей № 9", "Харків") == "ліцеи no 9 харків litsei kharkiv"
    assert D.school_text("Gymnasium Am Dom", None) == "gymnasium am dom"


def test_query_words_ignore_short_tokens_and_repeats_and_are_capped():
    assert D.query_words("John J. Smithenson smithenson") == ["john", "smithenson"]
    assert len(D.query_words(" ".join(f"w{i}x" for i in range(20)))) == D.MAX_QUERY_WORDS
    assert D.query_words(None) == []
    # past the cap, the longest words are kept, in the order typed: the names, not the small words
    pasted = "Istituto Comprensivo Statale di Scuola dell'Infanzia Primaria e Secondaria di Primo Grado Muller"
    assert D.name_query_words(pasted) == ["istituto", "comprensivo", "statale", "scuola", "infanzia",
                                          "primaria", "secondaria", "muller"]
    assert "muller" in D.query_words("one two three four five six seven eight Muller")


def test_name_query_words_write_other_scripts_in_latin_letters():
    assert D.name_query_words("Тарас Müller") == ["taras", "muller"]
    assert D.name_query_words("Παπαδοπούλου Παπαδοπούλου") == ["papadopoulou"]
    assert D.name_query_words("J. Smith") == ["smith"]


def person(state="active_etwinner", validated=True, available=True, member_type="teacher", searchable=True):
    return SimpleNamespace(user_id=uuid.uuid4(), state=state, validated=validated, available=available,
                           member_type=member_type, searchable=searchable)


def test_who_is_searchable():
    assert D.is_searchable("registered_not_validated", "teacher")  # R18
    for state in ("inactive", "blocked", "removed", "deleted", "email_unverified"):
        assert not D.is_searchable(state, "teacher")  # R54
    assert not D.is_searchable("active_etwinner", None)  # staff accounts


def test_availability_needs_the_flag_validation_and_activity():
    """The green or red indicator of every TwinFinder result (R59, R60)."""
    assert D.is_green(person())
    assert not D.is_green(person(available=False))
    assert not D.is_green(person(validated=False))
    assert not D.is_green(person(state="inactive"))


def test_contact_rules():
    me, other = person(), person()
    assert D.contact_refusal(me, other, False, False) is None
    assert D.contact_refusal(me, me, False, False) == "self"
    assert D.contact_refusal(person(validated=False, state="pending_validation"), other, False, False) == \
        "you_are_not_validated"
    assert D.contact_refusal(me, person(validated=False, state="registered_not_validated"), False, False) == \
        "not_validated"
    assert D.contact_refusal(me, other, True, False) == "already_contacts"
    assert D.contact_refusal(me, other, False, True) == "already_requested"
    assert D.contact_refusal(me, None, False, False) == "not_found"


def _b64(text):
    import base64

    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def test_cursors_round_trip_and_forgeries_are_refused():
    some_id = uuid.uuid4()
    cursor = D.encode_cursor(2, 1.25, some_id)
    assert D.decode_cursor(cursor, (int, float, uuid.UUID)) == (2, 1.25, some_id)
    for forged in ("!!!", D.encode_cursor(1, 2), D.encode_cursor("x", 1.0, some_id), D.encode_cursor(1, 1.0, "nope"),
                   D.encode_cursor(1, 1.0, 9), D.encode_cursor([1], {"a": 1}, None),
                   # the right shape, the wrong JSON types or values
                   D.encode_cursor(True, 1.0, some_id), D.encode_cursor(1.5, 1.0, some_id),
                   D.encode_cursor(2 ** 40, 1.0, some_id), D.encode_cursor(1, float("nan"), some_id),
                   D.encode_cursor(1, True, some_id), D.encode_cursor(1, "1.0", some_id),
                   _b64('["109", 1.0, "%s"]' % some_id), _b64('[1, 1e999, "%s"]' % some_id)):
        with pytest.raises(Invalid):
            D.decode_cursor(forged, (int, float, uuid.UUID))
    assert D.decode_cursor(D.encode_cursor(-3, 2, some_id), (int, float, uuid.UUID)) == (-3, 2.0, some_id)
    from datetime import datetime

    with pytest.raises(Invalid):  # a page cursor of (time, id) with a number for the id
        D.decode_cursor(D.encode_cursor("2026-01-01T00:00:00+00:00", 9), (D.cursor_time, uuid.UUID))
    for forged_time in ("0001-01-01T00:00:00-23:59", "2026-01-01T00:00:00", "9999-12-31T23:59:59+00:00"):
        with pytest.raises(Invalid):  # an offset PostgreSQL refuses, no zone, the calendar's end
            D.decode_cursor(D.encode_cursor(forged_time, some_id), (D.cursor_time, uuid.UUID))
    at = datetime.fromisoformat("2026-11-27T10:00:00+02:00")
    assert D.decode_cursor(D.encode_cursor(at, some_id), (D.cursor_time, uuid.UUID)) == (at, some_id)


def test_twinfinder_uses_my_preferences_unless_refined():
    """Refining by language, subject, age group or ICT use replaces that criterion only (R57)."""
    me = SimpleNamespace(languages=["fr"], subjects=["history"], age_groups=["6-11"], ict_use="basic")
    assert D.twinfinder_criteria(me, {}) == {"languages": ["fr"], "subjects": ["history"], "age_groups": ["6-11"],
                                             "ict_use": "basic"}
    refined = D.twinfinder_criteria(me, {"language": ["de"], "ict_use": "advanced"})
    assert refined["languages"] == ["de"] and refined["subjects"] == ["history"] and refined["ict_use"] == "advanced"


def test_a_contact_list_is_read_by_its_owner_and_the_services_only():
    from etwinning_contracts.actor import SYSTEM, Actor
    from etwinning_contracts.errors import Forbidden

    me, other = uuid.uuid4(), uuid.uuid4()
    assert D.contact_list_reader(Actor(user_id=str(me), roles=("user",)), None) is None  # my own
    assert D.contact_list_reader(Actor(user_id=str(me), roles=("user",)), me) == me
    assert D.contact_list_reader(SYSTEM, other) == other
    for actor in (Actor(user_id=str(me), roles=("user",)), Actor(user_id=str(me), roles=("css_staff",)), Actor()):
        with pytest.raises(Forbidden):
            D.contact_list_reader(actor, other)


def test_partnership_actions_are_offered_for_green_results_to_etwinners_of_another_school():
    from types import SimpleNamespace

    ours, theirs = str(uuid.uuid4()), str(uuid.uuid4())
    me = SimpleNamespace(validated=True, state="active_etwinner", member_type="teacher",
                         schools=[{"school_id": ours}])
    waiting = SimpleNamespace(validated=False, state="pending_validation", member_type="teacher", schools=[])
    assert D.can_propose_partnership(True, me, [theirs]) and not D.can_propose_partnership(False, me, [theirs])
    assert not D.can_propose_partnership(True, me, [ours, theirs])  # a colleague: two schools are needed (R108)
    assert not D.can_propose_partnership(True, waiting, [theirs])  # only eTwinners found projects (R17)
    assert not D.can_propose_partnership(True, None, [theirs])  # nor anonymous visitors


# ---------------------------------------------------------------- contacts: who is told what (R68, A21, §10.6)

def test_a_teacher_not_validated_is_told_why_in_words_that_fit_their_case():
    from etwinning_contracts.errors import Forbidden

    def someone(state, member_type="teacher"):
        return SimpleNamespace(state=state, schools=[{"name": "Colegio Goya"}], member_type=member_type)

    assert D.not_validated_reason(someone("pending_validation")) == "your validation is pending."
    refused = D.not_validated_reason(someone("registered_not_validated"))
    assert "not granted" in refused and "National Support Organisation" in refused and "pending" not in refused
    assert "school" in D.not_validated_reason(someone("registration_incomplete"))
    assert "staff account" in D.not_validated_reason(someone("active_etwinner", member_type=None))
    for state, words in (("registered_not_validated", "not granted"), ("pending_validation", "is pending")):
        with pytest.raises(Forbidden) as told:
            D.raise_refusal("you_are_not_validated", someone(state))
        assert told.value.code == "you_are_not_validated" and words in told.value.detail


def test_a_declined_requester_waits_a_week_before_asking_again():
    from datetime import datetime, timedelta, timezone

    declined = datetime(2027, 3, 1, 12, 0, tzinfo=timezone.utc)
    assert D.CONTACT_REQUEST_COOLDOWN == timedelta(days=7)
    assert D.contact_cooldown_end(None, declined) is None  # never declined
    assert D.contact_cooldown_end(declined, declined + timedelta(days=6, hours=23)) == declined + timedelta(days=7)
    assert D.contact_cooldown_end(declined, declined + timedelta(days=7)) is None
    assert D.contact_cooldown_text(declined + timedelta(days=7)).endswith("ask again from 2027-03-08 12:00 UTC.")


# ---------------------------------------------------------------- group names

@pytest.mark.parametrize("a,b", [("Choir teachers", "choir  TEACHERS "), ("Éducation musicale", "Education-Musicale"),
                                 ("STEM for all", "stemforall")])
def test_group_names_are_one_name_whatever_their_case_accents_and_spaces(a, b):
    assert D.name_key(a) == D.name_key(b)


def test_different_group_names_and_names_of_symbols_stay_apart():
    assert D.name_key("Choir teachers") != D.name_key("Choir teachers 2")
    assert D.name_key("???") != D.name_key("!!!")


# ---------------------------------------------------------------- problem codes

def test_every_error_code_directory_raises_is_lower_snake_case():
    """Codes are machine-readable and spelt like every other service's (validation_failed, not_found)."""
    import pathlib
    import re

    import directory
    import etwinning_contracts.directory as contracts

    sources = [path for package in (directory, contracts)
               for path in pathlib.Path(package.__path__[0]).rglob("*.py")]
    codes = {code for path in sources for code in re.findall(r'code=f?"([^"]+)"', path.read_text())}
    codes |= {code for path in sources for code in re.findall(r'return "([a-z_A-Z]+)", f?"', path.read_text())}
    assert "not_a_contact_or_candidate" in codes and "invalid_state" in codes and "wrong_state" not in codes
    assert [c for c in codes if not re.fullmatch(r"[a-z][a-z0-9_]*(\{[a-z_]+\})?", c)] == []


def test_staff_accounts_are_validated_and_active_yet_no_etwinners():
    from types import SimpleNamespace

    teacher = SimpleNamespace(validated=True, state="active_etwinner", member_type="teacher")
    officer = SimpleNamespace(validated=True, state="active_etwinner", member_type=None)  # as identity sends staff
    assert D.is_eTwinner(teacher) and not D.is_eTwinner(officer)


def test_the_typing_slips_of_a_word_are_one_letter_left_out_added_changed_or_two_swapped():
    assert {"dupont"} <= set(D.typo_variants("duont"))            # left out
    assert {"garcia"} <= set(D.typo_variants("gracia"))           # swapped
    assert {"schneider"} <= set(D.typo_variants("schnieder"))
    assert {"muller"} <= set(D.typo_variants("mullerr")) and {"muller"} <= set(D.typo_variants("mullar"))
    assert "duont" not in D.typo_variants("duont")
    assert D.typo_variants("anna") == [] and D.typo_variants("шевченко") == []  # too short; not Latin letters
