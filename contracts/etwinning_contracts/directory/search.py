"""People and school search, public search and TwinFinder (R49-R61)."""
from marshmallow import fields, validate

from .. import vocabularies as V
from ..fields import Distinct
from .common import COUNTRY, PageArgs, PersonCard, SchoolCard, page_schema

QUERY = validate.Length(max=200, error="Keep the query under 200 characters.")
WORDS = (" A result matches when any word matches (accents and small typos forgiven); those matching more words "
         "come first. Of a longer query, the 8 longest words are used.")


class PeopleSearchArgs(PageArgs):
    q = fields.String(load_default=None, validate=QUERY, metadata={
        "description": "Words of a person's name (first name, last name, display name); usernames are not "
                       "searched." + WORDS})
    school = fields.String(load_default=None, validate=QUERY, metadata={
        "description": "Words of the name or town of a current school of the person: every word must match (a "
                       "filter narrows the results), accents and small typos forgiven."})
    member_type = fields.String(load_default=None, validate=validate.OneOf(V.MEMBER_TYPES))
    country = fields.String(load_default=None, validate=COUNTRY)
    language = fields.String(load_default=None, validate=validate.OneOf(V.LANGUAGES))
    subject = fields.String(load_default=None, validate=validate.OneOf(V.SUBJECTS))
    age_group = fields.String(load_default=None, validate=validate.OneOf(V.AGE_GROUPS))
    validated_only = fields.Boolean(load_default=False)
    available_only = fields.Boolean(load_default=False)


class SchoolSearchArgs(PageArgs):
    q = fields.String(load_default=None, validate=QUERY, metadata={"description": "Words of a school's name or town."
                                                                                   + WORDS})
    town = fields.String(load_default=None, validate=validate.Length(max=100))
    country = fields.String(load_default=None, validate=COUNTRY)
    level = fields.String(load_default=None, validate=validate.OneOf(V.EDUCATION_LEVELS))


class TwinFinderArgs(PageArgs):
    language = Distinct(fields.String(validate=validate.OneOf(V.LANGUAGES)), load_default=None,
                           validate=validate.Length(max=10))
    subject = Distinct(fields.String(validate=validate.OneOf(V.SUBJECTS)), load_default=None,
                          validate=validate.Length(max=10))
    age_group = Distinct(fields.String(validate=validate.OneOf(V.AGE_GROUPS)), load_default=None,
                            validate=validate.Length(max=4))
    ict_use = fields.String(load_default=None, validate=validate.OneOf(V.ICT_USE))
    country = fields.String(load_default=None, validate=COUNTRY,
                            metadata={"description": "Map mode: only this country (R58)."})


PeoplePage = page_schema(PersonCard, "PeoplePage")
SchoolPage = page_schema(SchoolCard, "SchoolPage")

