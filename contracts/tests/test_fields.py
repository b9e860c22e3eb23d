import uuid

import pytest
from marshmallow import ValidationError

from etwinning_contracts import identity as C
from etwinning_contracts.directory import events, posts


def test_a_code_given_twice_counts_once():
    assert C.PreferencesSchema().load({"languages": ["en", "fr", "en"]})["languages"] == ["en", "fr"]
    post = posts.PostChanges().load({"languages": ["de", "de"], "topics": ["Robots", "Robots"]})
    assert post == {"languages": ["de"], "topics": ["Robots"]}
    someone = str(uuid.uuid4())
    assert events.EventInviteBody().load({"user_ids": [someone, someone]})["user_ids"] == [uuid.UUID(someone)]
    ages = ["3-5", "6-11", "3-5", "12-15"]
    assert C.PreferencesSchema().load({"age_groups": ages})["age_groups"] == ["3-5", "6-11", "12-15"]


def test_a_list_longer_than_its_limit_is_refused_even_when_it_repeats_itself():
    # the reference gives the limit (maxItems) of the list as sent, so the list as sent is held to it
    limit = C.PreferencesSchema().fields["age_groups"].validators[0].max
    too_many = (["3-5", "6-11"] * limit)[:limit + 1]
    with pytest.raises(ValidationError) as refused:
        C.PreferencesSchema().load({"age_groups": too_many})
    assert "age_groups" in refused.value.messages
