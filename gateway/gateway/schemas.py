"""Shapes that exist only on the HTTP side (path parameters, problem documents, the
localised reference data). Bodies and results reuse the contract schemas."""
from marshmallow import RAISE, Schema, fields, validate

from etwinning_contracts import identity as C
from etwinning_contracts import vocabularies as V
from etwinning_contracts.fields import text


class Strict(Schema):
    class Meta:
        unknown = RAISE


class UserPath(Strict):
    user_id = fields.UUID(required=True)


class SchoolPath(Strict):
    school_id = fields.UUID(required=True)


class TaskPath(Strict):
    task_id = fields.UUID(required=True)


class MembershipPath(Strict):
    membership_id = fields.UUID(required=True)


class CountryPath(Strict):
    code = fields.String(required=True, validate=C.COUNTRY)


class LangQuery(Strict):
    lang = fields.String(validate=validate.OneOf(V.LANGUAGES), load_default=None,
                         metadata={"description": "Interface language for names (default: Accept-Language)."})


class CountryListQuery(LangQuery):
    all = fields.Boolean(load_default=False, metadata={
        "description": "Every country of the reference table, also those that left or have yet to join (A49)."})


class ProblemSchema(Schema):
    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String()
    code = fields.String()
    errors = fields.Dict(metadata={"description": "Messages per field of the request."})
    support = fields.List(fields.String(), metadata={
        "description": "Where to find help (e.g. /api/v1/nsos, the NSOs' contacts) when self-service failed."})


class DirectorConfirmationBody(Strict):
    channel = fields.String(required=True, validate=validate.OneOf(V.CONFIRMATION_CHANNELS))
    note = fields.String(validate=validate.Length(max=1000), load_default=None, allow_none=True)


class RejectBody(Strict):
    reason = text(3, 1000, required=True)  # a reason of spaces is no reason (R19)


class BlockBody(Strict):
    reason_category = fields.String(required=True, validate=validate.OneOf(V.BLOCK_REASONS))
    note = fields.String(validate=validate.Length(max=1000), load_default=None, allow_none=True)


class CountryFlagsBody(C.CountryChanges):
    pass


class LocalisedCountrySchema(C.CountrySchema):
    name = fields.String(required=True)


class VocabularyEntry(Schema):
    code = fields.String(required=True)
    label = fields.String(required=True)


class VocabulariesSchema(Schema):
    member_types = fields.List(fields.Nested(VocabularyEntry))
    languages = fields.List(fields.Nested(VocabularyEntry))
    subjects = fields.List(fields.Nested(VocabularyEntry))
    age_groups = fields.List(fields.Nested(VocabularyEntry))
    ict_use = fields.List(fields.Nested(VocabularyEntry))
    education_levels = fields.List(fields.Nested(VocabularyEntry))
    key_competences = fields.List(fields.Nested(VocabularyEntry))


class RequestPath(Strict):
    request_id = fields.UUID(required=True)


class CandidatePath(Strict):
    candidate_id = fields.UUID(required=True)


class NoteBody(Strict):
    note = fields.String(required=True, allow_none=True, validate=validate.Length(max=2000))
