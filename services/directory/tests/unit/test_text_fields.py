"""Text people read (titles, names, messages, comments) as directory's contracts load it: without
surrounding whitespace, and never only spaces, refused per field (a 422 at the gateway and the
service alike)."""
import pytest
from marshmallow import ValidationError

from etwinning_contracts.directory import chats, events, groups, networking, posts, resources

REQUIRED_TEXT = [
    (events.EventCreateArgs, "title"), (events.EventMessageBody, "body"), (events.EventDocumentBody, "title"),
    (events.PdActivityCreateArgs, "title"), (posts.CreatePostArgs, "title"), (posts.CreatePostArgs, "description"),
    (posts.PostChanges, "title"), (posts.PostCommentBody, "body"), (groups.GroupRequestArgs, "name"),
    (groups.GroupRequestArgs, "description"), (groups.GroupReasonBody, "reason"), (groups.GroupMessageBody, "body"),
    (groups.GroupDocumentBody, "title"), (resources.CreateResourceArgs, "title"), (resources.ResourceChanges, "title"),
    (chats.ChatMessageBody, "body"), (networking.NewsArgs, "title"), (networking.NewsArgs, "body"),
]


@pytest.mark.parametrize("schema,field", REQUIRED_TEXT, ids=lambda v: getattr(v, "__name__", v))
@pytest.mark.parametrize("blank", ["   ", "\t\n ", "\u00a0\u200b", "", "\u3164\u3164", "\u2800",
                                   "\u034f\u034f", "\ufe0f" * 4, "\U000e0100" * 3, "\ue000"])
def test_blank_text_is_refused_with_its_field(schema, field, blank):
    with pytest.raises(ValidationError) as refused:
        schema().load({field: blank}, partial=True)
    assert field in refused.value.messages


def test_surrounding_whitespace_is_dropped_and_the_rest_is_measured():
    assert events.EventCreateArgs().load({"title": "  Robots in class \n"}, partial=True)["title"] == "Robots in class"
    with pytest.raises(ValidationError) as short:  # 3 characters at least, once trimmed
        events.EventCreateArgs().load({"title": "  ab  "}, partial=True)
    assert "title" in short.value.messages
    assert posts.PostChanges().load({"topics": [" STEM "]}, partial=True)["topics"] == ["STEM"]


def test_optional_blank_text_is_no_text():
    assert networking.ContactRequestArgs().load({"user_id": "8d4f5a52-3b1e-4a53-9a43-1f2d33b5c1a0",
                                                 "message": "   "})["message"] is None
    assert groups.GroupMessageBody().load({"body": "Hello", "title": "  "})["title"] is None
    assert events.EventCreateArgs().load({"description": " \n "}, partial=True)["description"] == ""
