import uuid

from etwinning_contracts import identity as C
from etwinning_contracts.directory import events, posts


def test_a_code_given_twice_counts_once():
    assert C.PreferencesSchema().load({"languages": ["en", "fr", "en"]})["languages"] == ["en", "fr"]
    post = posts.PostChanges().load({"languages": ["de", "de"], "topics": ["Robots", "Robots"]})
    assert post == {"languages": ["de"], "topics": ["Robots"]}
    someone = str(uuid.uuid4())
    assert events.EventInviteBody().load({"user_ids": [someone, someone]})["user_ids"] == [uuid.UUID(someone)]
    # the limit counts what is left: all four age groups, two of them twice, are the four of them
    every_age = ["3-5", "6-11", "12-15", "16-19", "16-19", "3-5"]
    assert C.PreferencesSchema().load({"age_groups": every_age})["age_groups"] == ["3-5", "6-11", "12-15", "16-19"]
