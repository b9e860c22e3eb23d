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


def test_an_address_has_one_spelling_per_mailbox_and_a_real_domain():
    address = C.Address()
    assert address.deserialize("Ana@Exämple.org") == address.deserialize("Ana@xn--exmple-cua.org") \
        == "Ana@xn--exmple-cua.org"
    for bad in ("a@localhost", "a@.", "a@exa mple.org", "a@-bad-.org"):
        with pytest.raises(ValidationError):
            address.deserialize(bad)


def test_a_name_cannot_carry_marks_that_reorder_how_it_shows():
    name = C.PersonName()
    assert name.deserialize("  Zoë   Ångström ") == "Zoë Ångström"
    with pytest.raises(ValidationError):
        name.deserialize("Ana\u202ecilbup")


def test_a_name_of_letters_that_draw_nothing_is_no_name():
    for blank in ("\u3164", "\u3164.", "\u2800\u2800", "\uffa0 \u115f"):
        with pytest.raises(ValidationError):
            C.PersonName().deserialize(blank)
    assert C.PersonName().deserialize("\ud55c\uad6d") == "\ud55c\uad6d"  # Korean letters are letters


def test_passwords_easy_to_guess_are_refused_whatever_their_length():
    schema = C.ResetPasswordArgs()
    for weak in ("aaaaaaaaaa", " " * 12, "abababababab", "1234567890", "Password123", "QWERTYUIOP"):
        with pytest.raises(ValidationError) as refused:
            schema.load({"token": "t" * 40, "new_password": weak})
        assert "new_password" in refused.value.messages
    assert schema.load({"token": "t" * 40, "new_password": "a long passphrase"})["new_password"] == "a long passphrase"


def test_a_title_or_a_message_cannot_carry_controls_that_reorder_it():
    from etwinning_contracts.fields import text

    for field in (text(1, 200), C.PersonName()):
        with pytest.raises(ValidationError):
            field.deserialize("\u202egnp.exe")
    assert text(1, 200).deserialize("\u0627\u0644\u0635\u0641 5\u200f") == "\u0627\u0644\u0635\u0641 5\u200f"


def test_an_address_with_a_quoted_local_part_is_refused_and_a_password_is_not_the_login():
    with pytest.raises(ValidationError):
        C.Address().deserialize('"ana"@example.org')
    body = {"email": "ana.garcia@example.org", "username": "anagarcia99", "first_name": "Ana", "last_name": "G",
            "member_type": "teacher", "works_in_pre_university_school": True,
            "preferences": {"languages": ["es"], "subjects": ["history"], "age_groups": ["12-15"], "ict_use": "basic"}}
    for password in ("ana.garcia@example.org", "ANA.GARCIA", "anagarcia99", "welcome123"):
        with pytest.raises(ValidationError) as refused:
            C.RegisterArgs().load({**body, "password": password})
        assert "password" in refused.value.messages
    assert C.RegisterArgs().load({**body, "password": "a long passphrase"})


def test_a_web_address_with_a_control_or_an_invisible_character_is_refused():
    from etwinning_contracts.fields import Link

    for spoof in ("https://example.org/\u202egnp.exe", "https://example.org/a\u200bb", "https://example.org/\x07"):
        with pytest.raises(ValidationError):
            Link().deserialize(spoof)
    with pytest.raises(ValidationError):
        Link().deserialize("ftp://example.org/file")  # http and https only, unless said
    assert Link().deserialize("https://example.org/caf%C3%A9?x=1") == "https://example.org/caf%C3%A9?x=1"
