"""Entrypoints of partner-finding posts (R73-R79); ``DirectoryService`` mixes them in."""
from nameko.timer import timer

from etwinning_contracts.directory import posts as P
from etwinning_contracts.runtime.rpc import rpc_method

from .use_cases import posts

EXPIRY_SWEEP_SECONDS = 300  # readers see expiry exactly anyway; the sweep only stores it and tells authors


class PostsEntrypoints:
    @rpc_method(P.CreatePostArgs, P.PostSchema, idempotent=True)
    def create_post(self, actor, **args):
        with self.tx.unit() as uow:
            return posts.create_post(uow, actor, **args)

    @rpc_method(P.UpdatePostArgs, P.PostSchema)
    def update_post(self, actor, **args):
        with self.tx.unit() as uow:
            return posts.update_post(uow, actor, **args)

    @rpc_method(P.PostIdArgs, P.PostSchema)
    def publish_post(self, actor, **args):
        with self.tx.unit() as uow:
            return posts.publish_post(uow, actor, **args)

    @rpc_method(P.ExtendPostArgs, P.PostSchema)
    def extend_post(self, actor, **args):
        with self.tx.unit() as uow:
            return posts.extend_post(uow, actor, **args)

    @rpc_method(P.PostIdArgs, P.PostSchema)
    def withdraw_post(self, actor, **args):
        with self.tx.unit() as uow:
            return posts.withdraw_post(uow, actor, **args)

    @rpc_method(P.PostIdArgs, P.PostSchema)
    def get_post(self, actor, **args):
        with self.tx.unit() as uow:
            return posts.get_post(uow, actor, **args)

    @rpc_method(P.PostSearchArgs, P.PostPage)
    def search_posts(self, actor, **args):
        with self.tx.unit() as uow:
            return posts.search_posts(uow, actor, **args)

    @rpc_method(P.SimilarPostArgs, P.SimilarPostsSchema)
    def similar_posts(self, actor, **args):
        with self.tx.unit() as uow:
            return posts.similar_posts(uow, actor, **args)

    @rpc_method(P.MyPostsArgs, P.PostPage)
    def list_my_posts(self, actor, **args):
        with self.tx.unit() as uow:
            return posts.list_my_posts(uow, actor, **args)

    @rpc_method(P.CommentArgs, P.PostCommentSchema, idempotent=True)
    def comment_on_post(self, actor, **args):
        with self.tx.unit() as uow:
            return posts.comment_on_post(uow, actor, **args)

    @rpc_method(P.CommentListArgs, P.PostCommentPage)
    def list_post_comments(self, actor, **args):
        with self.tx.unit() as uow:
            return posts.list_comments(uow, actor, **args)

    @timer(interval=EXPIRY_SWEEP_SECONDS)
    def expire_posts(self):
        with self.tx.unit() as uow:
            posts.expire_due_posts(uow)
