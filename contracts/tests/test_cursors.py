import base64
import json
import uuid

import pytest

from etwinning_contracts.cursors import decode_cursor, encode_cursor
from etwinning_contracts.errors import Invalid

SHAPE = (int, float, uuid.UUID)


def _made_up(values):
    """A cursor as a client would make one: the same encoding, without this service's key."""
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def test_a_cursor_comes_back_as_issued_and_a_made_up_or_edited_one_is_refused():
    some_id = uuid.uuid4()
    issued = encode_cursor(2, 0.5, some_id)
    assert decode_cursor(issued, SHAPE) == (2, 0.5, some_id)
    body, tag = issued.split(".")
    edited = _made_up([0, 1e308, str(some_id)])
    other_last = "B" if tag.endswith("A") else "A"  # a tag that differs in its last character
    for forged in (_made_up([2, 0.5, str(some_id)]), body, f"{edited}.{tag}", f"{body}.{tag[:-1]}{other_last}",
                   f"{body}.", f".{tag}", issued + "."):
        with pytest.raises(Invalid) as refused:
            decode_cursor(forged, SHAPE)
        assert refused.value.code == "bad_cursor", forged


def test_a_cursor_works_only_for_the_list_it_was_issued_for():
    issued = encode_cursor(2, 0.5, uuid.uuid4(), scope="search_people")
    assert decode_cursor(issued, SHAPE, scope="search_people")[0] == 2
    for other_list in ("search_schools", ""):
        with pytest.raises(Invalid) as refused:
            decode_cursor(issued, SHAPE, scope=other_list)
        assert refused.value.code == "bad_cursor"
