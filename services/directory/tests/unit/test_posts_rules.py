"""Rules of partner-finding posts, at fixed dates (no database, no clock)."""
import uuid
from datetime import date

import pytest
from marshmallow import ValidationError

from directory import domain as D
from directory.use_cases import posts as R
from etwinning_contracts.directory import posts as P
from etwinning_contracts.errors import Invalid

TODAY = date(2025, 3, 10)


def test_the_last_visible_day_is_in_the_future_and_at_most_twelve_months_ahead():
    assert R.visibility_problem(date(2025, 3, 11), TODAY) is None
    assert R.visibility_problem(date(2026, 3, 10), TODAY) is None
    assert "tomorrow" in R.visibility_problem(TODAY, TODAY)
    assert "tomorrow" in R.visibility_problem(date(2024, 12, 31), TODAY)
    assert "12 months" in R.visibility_problem(date(2026, 3, 11), TODAY)


def test_twelve_months_after_a_leap_day():
    assert R.latest_visible_day(date(2024, 2, 29)) == date(2025, 2, 28)
    assert R.latest_visible_day(date(2023, 12, 31)) == date(2024, 12, 31)


def test_a_published_post_expires_the_day_after_its_last_visible_day():
    assert R.shown_state("published", TODAY, TODAY) == "published"
    assert R.shown_state("published", date(2025, 3, 9), TODAY) == "expired"
    assert R.shown_state("draft", date(2025, 3, 9), TODAY) == "draft"
    assert R.shown_state("expired", date(2025, 3, 9), TODAY) == "expired"


def test_only_published_posts_are_for_everyone():
    assert R.readable("published", is_author=False, is_css=False)
    for state in ("draft", "expired", "withdrawn"):
        assert not R.readable(state, is_author=False, is_css=False)
        assert R.readable(state, is_author=True, is_css=False)
        assert R.readable(state, is_author=False, is_css=True)


def test_project_ideas_are_reserved_to_etwinners():
    assert R.type_refusal(P.PROJECT_IDEA, is_etwinner=False)
    assert R.type_refusal(P.PROJECT_IDEA, is_etwinner=True) is None
    assert R.type_refusal("collaboration", is_etwinner=False) is None


def test_a_project_idea_needs_the_fields_of_R74():
    values = {"scope": "european", "school_id": "x", "summary": "s", "topics": ["CLIL"],
              "key_competences": ["digital"]}
    assert R.missing_fields(P.PROJECT_IDEA, values) == []
    assert R.missing_fields(P.PROJECT_IDEA, {**values, "summary": "", "topics": []}) == ["summary", "topics"]
    assert R.missing_fields("other", {}) == []


def test_keywords_are_searched_without_accents_or_case():
    text = R.search_text({"title": "Écologie", "summary": None, "description": "Robótica y CLIL",
                          "topics": ["STEM"]})
    assert text == "ecologie robotica y clil stem"


VALID = {"post_type": "collaboration", "title": "Let us sing", "description": "A choir project for schools",
         "subjects": ["music"], "languages": ["en"], "age_groups": ["6-11"], "countries": ["DE"],
         "visible_until": "2025-06-01"}


@pytest.mark.parametrize("change", [{"post_type": "gossip"}, {"title": "x" * 10_000}, {"subjects": []},
                                    {"countries": ["Spain"]}, {"visible_until": "soon"}, {"colour": "red"},
                                    {"description": "a NUL \x00 cannot be stored"}])
def test_bad_fields_are_refused_before_any_rule(change):
    with pytest.raises(ValidationError):
        P.CreatePostArgs().load({**VALID, **change})


def test_a_change_carries_only_what_changes():
    assert P.PostChanges().load({"title": "New title"}) == {"title": "New title"}


def test_a_forged_cursor_is_bad_input_not_a_crash():
    good = D.encode_cursor(1, 0.5, "2025-03-10T12:00:00+00:00", uuid.uuid4())
    assert D.decode_cursor(good, R.SEARCH_CURSOR)[0] == 1
    with pytest.raises(Invalid):
        D.decode_cursor(D.encode_cursor(1, 0.5, "yesterday", uuid.uuid4()), R.SEARCH_CURSOR)
