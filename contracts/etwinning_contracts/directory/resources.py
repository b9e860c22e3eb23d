"""The resources library (R100, A59): learning materials that validated teachers share on behalf
of one of their schools (not necessarily project outputs), either a link or a file, and make
searchable by other eTwinners when they choose to."""
import base64
import binascii

from marshmallow import Schema, ValidationError, fields, validate

from .. import vocabularies as V
from ..fields import Link, StrictBoolean
from .common import COUNTRY, PageArgs, PersonCard, Strict, no_nul, page_schema, text
from .posts import QUERY, _codes

RESOURCE_TYPES = ("lesson_plan", "worksheet", "presentation", "assessment", "video", "audio", "image", "link",
                  "other")
MAX_FILE_BYTES = 5 * 1024 * 1024  # design §6: 5 MB per file, enforced while the body streams in
# The file types accepted, as found in the content (the type a client declares is never trusted),
# each with the extensions a download may keep; the first one is given to a name without one.
FILE_TYPES = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    "text/plain": (".txt", ".csv", ".md"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": (".pptx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx",),
    "application/vnd.oasis.opendocument.text": (".odt",),
    "application/vnd.oasis.opendocument.presentation": (".odp",),
    "application/vnd.oasis.opendocument.spreadsheet": (".ods",),
}
STATES = ("awaiting_file", "available")


class Base64Bytes(fields.Field):
    """Bytes that travel over RPC as base64 text; at most ``MAX_FILE_BYTES`` once decoded."""

    MAX_TEXT = 4 * -(-MAX_FILE_BYTES // 3)

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else base64.b64encode(value).decode("ascii")

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str) or len(value) > self.MAX_TEXT:
            raise ValidationError("Base64 text of at most 5 MB of data.")
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise ValidationError("Not valid base64.") from None


def _resource_fields(create):
    """The fields of a resource. Creating needs them all but the link; a change sends only what changes."""
    need = {"required": True} if create else {}
    return {
        "title": text(3, 200, **need),
        "description": text(10, 10_000, **need),
        "resource_type": fields.String(validate=validate.OneOf(RESOURCE_TYPES), **need),
        "subjects": _codes(V.SUBJECTS, 10, 1, **need),
        "languages": _codes(V.LANGUAGES, 10, 1, **need),
        "age_groups": _codes(V.AGE_GROUPS, 4, 1, **need),
        "school_id": fields.UUID(**need, metadata={
            "description": "The school the resource is shared on behalf of: one of your current schools where "
                           "your membership is validated."}),
        "searchable": StrictBoolean(**({"load_default": False} if create else {}), metadata={
            "description": "True: every eTwinner can find it. False (the default): only you and the validated "
                           "teachers of its school see it."}),
        "url": Link(allow_none=True, validate=[validate.Length(max=2000), no_nul],
                    **({"load_default": None} if create else {}), metadata={
                        "description": "A link (http or https) to the material. Without one, upload the "
                                       "file with PUT /api/v1/resources/{resource_id}/file; a link and a "
                                       "file replace each other."}),
    }


CreateResourceArgs = type("CreateResourceArgs", (Strict,), _resource_fields(create=True))
ResourceChanges = type("ResourceChanges", (Strict,), _resource_fields(create=False))


class ResourceIdArgs(Strict):
    resource_id = fields.UUID(required=True)


class UpdateResourceArgs(ResourceChanges, ResourceIdArgs):
    pass


class ResourceFileQuery(Strict):
    file_name = text(1, 200, load_default=None, metadata={
        "description": "The file's name, e.g. 'photosynthesis.pdf'. Its extension follows the type found in "
                       "the content; without a name the title is used."})


class AttachFileArgs(ResourceFileQuery, ResourceIdArgs):
    data = Base64Bytes(required=True)


class ResourceSearchArgs(PageArgs):
    q = fields.String(load_default=None, validate=QUERY, metadata={"description": "Keywords in title and "
                                                                                  "description."})
    resource_type = fields.String(load_default=None, validate=validate.OneOf(RESOURCE_TYPES))
    subject = fields.String(load_default=None, validate=validate.OneOf(V.SUBJECTS))
    language = fields.String(load_default=None, validate=validate.OneOf(V.LANGUAGES))
    age_group = fields.String(load_default=None, validate=validate.OneOf(V.AGE_GROUPS))
    country = fields.String(load_default=None, validate=COUNTRY, metadata={"description": "The school's country."})
    school_id = fields.UUID(load_default=None, metadata={"description": "One school's resources."})


class FileInfo(Schema):
    name = fields.String(required=True)
    content_type = fields.String(required=True, metadata={"description": "As found in the content."})
    size = fields.Integer(required=True, metadata={"description": "Bytes."})


class ResourceSchema(Schema):
    id = fields.UUID(required=True)
    uploader = fields.Nested(PersonCard, allow_none=True)
    school = fields.Dict(allow_none=True, metadata={"description": "The school as it was when chosen."})
    country = fields.String(allow_none=True)
    resource_type = fields.String(required=True)
    title = fields.String(required=True)
    description = fields.String(required=True)
    subjects = fields.List(fields.String())
    languages = fields.List(fields.String())
    age_groups = fields.List(fields.String())
    searchable = fields.Boolean(required=True)
    state = fields.String(required=True, metadata={
        "description": "available, or awaiting_file: created without a link, its file not uploaded yet (seen "
                       "by its uploader only)."})
    url = fields.String(allow_none=True)
    file = fields.Nested(FileInfo, allow_none=True, metadata={
        "description": "The uploaded file; download it from GET /api/v1/resources/{resource_id}/file."})
    created_at = fields.AwareDateTime(required=True)
    updated_at = fields.AwareDateTime(required=True)
    score = fields.Float(allow_none=True)
    matched_words = fields.Integer(allow_none=True)


class ResourceFileSchema(Schema):
    file_name = fields.String(required=True)
    content_type = fields.String(required=True)
    data = Base64Bytes(required=True)


ResourcePage = page_schema(ResourceSchema, "ResourcePage")
