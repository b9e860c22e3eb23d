"""Entrypoints of the resources library (R100); ``DirectoryService`` mixes them in."""
from etwinning_contracts.directory import resources as R
from etwinning_contracts.identity import AcceptedSchema
from etwinning_contracts.runtime.rpc import rpc_method

from .use_cases import resources


class ResourcesEntrypoints:
    @rpc_method(R.CreateResourceArgs, R.ResourceSchema, idempotent=True)
    def create_resource(self, actor, **args):
        with self.tx.unit() as uow:
            return resources.create_resource(uow, actor, **args)

    @rpc_method(R.UpdateResourceArgs, R.ResourceSchema)
    def update_resource(self, actor, **args):
        with self.tx.unit() as uow:
            return resources.update_resource(uow, actor, **args)

    @rpc_method(R.AttachFileArgs, R.ResourceSchema)
    def attach_resource_file(self, actor, **args):
        with self.tx.unit() as uow:
            return resources.attach_file(uow, actor, **args)

    @rpc_method(R.ResourceIdArgs, AcceptedSchema)
    def delete_resource(self, actor, **args):
        with self.tx.unit() as uow:
            return resources.delete_resource(uow, actor, **args)

    @rpc_method(R.ResourceIdArgs, R.ResourceSchema)
    def get_resource(self, actor, **args):
        with self.tx.unit() as uow:
            return resources.get_resource(uow, actor, **args)

    @rpc_method(R.ResourceIdArgs, R.ResourceFileSchema)
    def download_resource_file(self, actor, **args):
        with self.tx.unit() as uow:
            return resources.download_file(uow, actor, **args)

    @rpc_method(R.ResourceSearchArgs, R.ResourcePage)
    def search_resources(self, actor, **args):
        with self.tx.unit() as uow:
            return resources.search_resources(uow, actor, **args)

    @rpc_method(R.PageArgs, R.ResourcePage)
    def list_my_resources(self, actor, **args):
        with self.tx.unit() as uow:
            return resources.list_my_resources(uow, actor, **args)
