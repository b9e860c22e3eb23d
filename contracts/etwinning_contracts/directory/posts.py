"""Partner-finding posts (R73-R79, A31-A32): typed postings written as drafts, published on an
explicit "Publish", visible until an end date, searchable, answered with comments. The legacy
"collaboration forums" are the ``collaboration`` type, not a separate model (R79, D13)."""
from marshmallow import Schema, fields, validate

from .. import vocabularies as V
from ..events import UserEvent, register
from ..names import DIRECTORY
from ..fields import Distinct
from .common import COUNTRY, PageArgs, PersonCard, Strict, page_schema, text

PROJECT_IDEA = "etwinning_project_idea"  # reserved to validated eTwinners (A32)
POST_TYPES = (PROJECT_IDEA, "erasmus_plus_partnership", "mobility_or_job_shadowing", "collaboration", "other")
SCOPES = ("national", "european")
KEY_COMPETENCES = V.KEY_COMPETENCES
STATES = ("draft", "published", "expired", "withdrawn")


class Events:
    POST_PUBLISHED = "post_published"
    POST_COMMENTED = "post_commented"
    POST_EXPIRED = "post_expired"


class PostEvent(UserEvent):
    """``user_id`` acted (published, commented; the author for an expiry); ``author_id`` owns the
    post and is the person notify tells (R77)."""

    post_id = fields.UUID(required=True)
    author_id = fields.UUID(required=True)
    title = fields.String(required=True)
    comment_id = fields.UUID(allow_none=True)


for _name in (Events.POST_PUBLISHED, Events.POST_COMMENTED, Events.POST_EXPIRED):
    register(DIRECTORY, _name, PostEvent)


def _codes(vocabulary, most, least=0, **kw):
    return Distinct(fields.String(validate=validate.OneOf(vocabulary)),
                       validate=validate.Length(min=least, max=most), **kw)


def _post_fields(create):
    """The fields of a post. Creating needs the common ones (R74); a change sends only what changes.
    What an eTwinning project idea needs on top is checked by the service, whatever the order."""
    need = {"required": True} if create else {}
    maybe = {"load_default": None} if create else {}
    listed = {"required": True} if create else {}  # and never empty
    return {
        "post_type": fields.String(validate=validate.OneOf(POST_TYPES), **need),
        "title": text(3, 200, **need),
        "summary": text(0, 1000, allow_none=True, **maybe),
        "description": text(10, 20_000, **need),
        "scope": fields.String(validate=validate.OneOf(SCOPES), allow_none=True, **maybe,
                               metadata={"description": "National or European project (project ideas)."}),
        "school_id": fields.UUID(allow_none=True, **maybe,
                                 metadata={"description": "One of the author's current schools (project ideas)."}),
        "subjects": _codes(V.SUBJECTS, 10, 1, **listed),
        "languages": _codes(V.LANGUAGES, 10, 1, **listed),
        "age_groups": _codes(V.AGE_GROUPS, 4, 1, **listed),
        "countries": Distinct(fields.String(validate=COUNTRY), validate=validate.Length(min=1, max=50), **listed,
                                 metadata={"description": "Countries where partners are sought."}),
        "topics": Distinct(text(2, 60),
                              validate=validate.Length(max=10), **({"load_default": list} if create else {})),
        "key_competences": _codes(KEY_COMPETENCES, 8, **({"load_default": list} if create else {})),
        "visible_until": fields.Date(**need, metadata={
            "description": "Last day (UTC) the post is visible: in the future, at most 12 months ahead (A31)."}),
    }


CreatePostArgs = type("CreatePostArgs", (Strict,), _post_fields(create=True))
PostChanges = type("PostChanges", (Strict,), _post_fields(create=False))


class PostIdArgs(Strict):
    post_id = fields.UUID(required=True)


class UpdatePostArgs(PostChanges, PostIdArgs):
    pass


class PostExtendBody(Strict):
    visible_until = fields.Date(required=True, metadata={"description": "The new last visible day (A31)."})


class ExtendPostArgs(PostExtendBody, PostIdArgs):
    pass


QUERY = validate.Length(max=200, error="Keep the query under 200 characters.")


class PostSearchArgs(PageArgs):
    q = fields.String(load_default=None, validate=QUERY, metadata={"description": "Keywords (CLIL, STEM, ...)."})
    post_type = fields.String(load_default=None, validate=validate.OneOf(POST_TYPES))
    subject = fields.String(load_default=None, validate=validate.OneOf(V.SUBJECTS))
    language = fields.String(load_default=None, validate=validate.OneOf(V.LANGUAGES))
    age_group = fields.String(load_default=None, validate=validate.OneOf(V.AGE_GROUPS))
    country = fields.String(load_default=None, validate=COUNTRY, metadata={"description": "The author's country."})
    seeking = fields.String(load_default=None, validate=COUNTRY,
                            metadata={"description": "Posts seeking partners in this country."})


class SimilarPostArgs(Strict):
    q = fields.String(load_default=None, validate=QUERY, metadata={"description": "The planned title or keywords."})
    subject = _codes(V.SUBJECTS, 10, load_default=list)
    language = _codes(V.LANGUAGES, 10, load_default=list)
    limit = fields.Integer(load_default=5, validate=validate.Range(min=1, max=10))


class MyPostsArgs(PageArgs):
    state = fields.String(load_default=None, validate=validate.OneOf(STATES))


class PostCommentBody(Strict):
    body = text(1, 5000, required=True)


class CommentArgs(PostCommentBody, PostIdArgs):
    pass


class CommentListArgs(PageArgs, PostIdArgs):
    pass


class PostSchema(Schema):
    id = fields.UUID(required=True)
    author = fields.Nested(PersonCard, allow_none=True)
    post_type = fields.String(required=True)
    state = fields.String(required=True, metadata={
        "description": "draft, published, expired (past visible_until, hidden from others) or withdrawn."})
    title = fields.String(required=True)
    summary = fields.String(allow_none=True)
    description = fields.String(required=True)
    scope = fields.String(allow_none=True)
    school = fields.Dict(allow_none=True)
    author_country = fields.String(allow_none=True)
    subjects = fields.List(fields.String())
    languages = fields.List(fields.String())
    age_groups = fields.List(fields.String())
    countries = fields.List(fields.String())
    topics = fields.List(fields.String())
    key_competences = fields.List(fields.String())
    visible_until = fields.Date(required=True)
    created_at = fields.AwareDateTime(required=True)
    updated_at = fields.AwareDateTime(required=True)
    published_at = fields.AwareDateTime(allow_none=True)
    comment_count = fields.Integer()
    score = fields.Float(allow_none=True)
    matched_words = fields.Integer(allow_none=True)


class PostCommentSchema(Schema):
    id = fields.UUID(required=True)
    post_id = fields.UUID(required=True)
    author = fields.Nested(PersonCard, allow_none=True)
    body = fields.String(required=True)
    created_at = fields.AwareDateTime(required=True)


PostPage = page_schema(PostSchema, "PostPage")
PostCommentPage = page_schema(PostCommentSchema, "PostCommentPage")


class SimilarPostsSchema(Schema):
    items = fields.List(fields.Nested(PostSchema), required=True)
