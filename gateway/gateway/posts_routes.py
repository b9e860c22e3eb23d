"""Routes of partner-finding posts (R73-R79), served by directory."""
from marshmallow import RAISE, Schema, fields

from etwinning_contracts.directory import posts as P

from .api import route

ERR_INPUT = (400, 422)
TAGS = ["partner finding"]


class PostPath(Schema):
    class Meta:
        unknown = RAISE

    post_id = fields.UUID(required=True)


class PostsRoutes:
    @route("POST", "/api/v1/posts", summary="Write a partner-finding post (saved as a draft)", tags=TAGS,
           body=P.CreatePostArgs, response=P.PostSchema, status=201, errors=ERR_INPUT + (403,),
           description="Nobody else sees the post until it is published. An eTwinning project idea is for "
                       "validated eTwinners and also needs scope, school_id, summary, topics and key_competences. "
                       "Look for similar posts first (GET /api/v1/posts/similar).", idempotent=True)
    def create_partner_post(self, actor, **body):
        return 201, self.rpc("directory", "create_post", actor, **body)

    @route("GET", "/api/v1/posts", summary="Search published partner-finding posts", tags=TAGS,
           query=P.PostSearchArgs, response=P.PostPage, errors=ERR_INPUT,
           description="Keywords match word by word, forgiving accents and small typos; filter by type, subject, "
                       "language, pupils' age, the author's country or the country where partners are sought. "
                       "Posts past their visibility end date are not shown.")
    def search_partner_posts(self, actor, **query):
        return 200, self.rpc("directory", "search_posts", actor, **query)

    @route("GET", "/api/v1/posts/similar", summary="Similar published posts, before writing a new one",
           tags=TAGS, query=P.SimilarPostArgs, response=P.SimilarPostsSchema, errors=ERR_INPUT)
    def similar_partner_posts(self, actor, **query):
        return 200, self.rpc("directory", "similar_posts", actor, **query)

    @route("GET", "/api/v1/me/posts", summary="My partner-finding posts, drafts included", tags=TAGS,
           query=P.MyPostsArgs, response=P.PostPage, errors=ERR_INPUT + (403,))
    def my_partner_posts(self, actor, **query):
        return 200, self.rpc("directory", "list_my_posts", actor, **query)

    @route("GET", "/api/v1/posts/<post_id>", summary="A partner-finding post", tags=TAGS, path_schema=PostPath,
           response=P.PostSchema, errors=(404,))
    def get_partner_post(self, actor, post_id):
        return 200, self.rpc("directory", "get_post", actor, post_id=post_id)

    @route("PATCH", "/api/v1/posts/<post_id>", summary="Edit my post", tags=TAGS, path_schema=PostPath,
           body=P.PostChanges, response=P.PostSchema, errors=ERR_INPUT + (403, 404, 409))
    def update_partner_post(self, actor, post_id, **body):
        return 200, self.rpc("directory", "update_post", actor, post_id=post_id, **body)

    @route("POST", "/api/v1/posts/<post_id>/publish", summary="Publish my draft", tags=TAGS, path_schema=PostPath,
           response=P.PostSchema, errors=(403, 404, 409, 422))
    def publish_partner_post(self, actor, post_id):
        return 200, self.rpc("directory", "publish_post", actor, post_id=post_id)

    @route("POST", "/api/v1/posts/<post_id>/extend", summary="Move the visibility end date (at most 12 months)",
           tags=TAGS, path_schema=PostPath, body=P.PostExtendBody, response=P.PostSchema,
           errors=ERR_INPUT + (403, 404, 409))
    def extend_partner_post(self, actor, post_id, **body):
        return 200, self.rpc("directory", "extend_post", actor, post_id=post_id, **body)

    @route("POST", "/api/v1/posts/<post_id>/withdraw", summary="Withdraw my post", tags=TAGS,
           path_schema=PostPath, response=P.PostSchema, errors=(403, 404))
    def withdraw_partner_post(self, actor, post_id):
        return 200, self.rpc("directory", "withdraw_post", actor, post_id=post_id)

    @route("POST", "/api/v1/posts/<post_id>/comments", summary="Answer a post (its author is notified)",
           tags=TAGS, path_schema=PostPath, body=P.PostCommentBody, response=P.PostCommentSchema, status=201,
           errors=ERR_INPUT + (403, 404, 409), idempotent=True)
    def comment_partner_post(self, actor, post_id, **body):
        return 201, self.rpc("directory", "comment_on_post", actor, post_id=post_id, **body)

    @route("GET", "/api/v1/posts/<post_id>/comments", summary="Comments on a post, oldest first", tags=TAGS,
           path_schema=PostPath, query=P.PageArgs, response=P.PostCommentPage, errors=ERR_INPUT + (404,))
    def partner_post_comments(self, actor, post_id, **query):
        return 200, self.rpc("directory", "list_post_comments", actor, post_id=post_id, **query)
