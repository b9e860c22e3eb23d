"""Shapes shared by directory's areas: pagination, the person card, the school card, text."""
from marshmallow import RAISE, Schema, fields, validate

from .. import vocabularies as V
from ..fields import COUNTRY, Text, no_nul, text  # noqa: F401 (the areas import them from here)

CURSOR = validate.Length(max=200)
# R60: what a client may offer for a result
PARTNERSHIP = ("Whether to offer partnership and project-invitation actions: false for red (unavailable) "
               "results (R60); in search, TwinFinder, profiles and My Candidates also false unless the "
               "viewer is a validated eTwinner of another school (R17, R108).")


class Strict(Schema):
    class Meta:
        unknown = RAISE


class PageArgs(Strict):
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))
    cursor = fields.String(load_default=None, allow_none=True, validate=CURSOR,
                           metadata={"description": "Opaque cursor from next_cursor of the previous page."})


class SchoolCard(Schema):
    school_id = fields.UUID(required=True)
    name = fields.String(required=True)
    town = fields.String(allow_none=True)
    country = fields.String(required=True)
    region = fields.String(allow_none=True)
    education_levels = fields.List(fields.String())
    available = fields.Boolean(metadata={"description": "Green (true) when at least one current, validated, "
                                                         "active teacher is open to partnerships (R60)."})
    availability = fields.String(metadata={"description": "green or red"})
    can_propose_partnership = fields.Boolean(metadata={"description": PARTNERSHIP})
    registered_at = fields.AwareDateTime(allow_none=True)
    score = fields.Float(allow_none=True)


class PersonCard(Schema):
    user_id = fields.UUID(required=True)
    display_name = fields.String(required=True)
    member_type = fields.String(allow_none=True)
    etwinning_validated = fields.Boolean()
    available = fields.Boolean()
    availability = fields.String(metadata={"description": "green or red (R59-R60)"})
    can_propose_partnership = fields.Boolean(metadata={"description": PARTNERSHIP})
    country = fields.String(allow_none=True)
    languages = fields.List(fields.String())
    subjects = fields.List(fields.String())
    age_groups = fields.List(fields.String())
    ict_use = fields.String(allow_none=True)
    has_picture = fields.Boolean()
    schools = fields.List(fields.Dict())
    score = fields.Float(allow_none=True)
    matched_words = fields.Integer(allow_none=True)


def page_schema(item_schema, name):
    return type(name, (Schema,), {
        "items": fields.List(fields.Nested(item_schema), required=True),
        "next_cursor": fields.String(allow_none=True,
                                     metadata={"description": "Pass as cursor to get the next page; null at the end."}),
    })


LANGUAGE = fields.String(validate=validate.OneOf(V.LANGUAGES))
SUBJECT = fields.String(validate=validate.OneOf(V.SUBJECTS))
AGE_GROUP = fields.String(validate=validate.OneOf(V.AGE_GROUPS))
