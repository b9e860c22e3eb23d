"""Routes of the resources library (R100), served by directory.

A resource is written as JSON (``POST /api/v1/resources``) and its file, if it has no link, is
sent afterwards as the raw request body of ``PUT /api/v1/resources/{id}/file``, as the profile
picture is. Why not base64 inside the JSON: 5 MB become 6.7 MB of text, which the gateway would
have to hold whole before it can parse anything, and the JSON limit that protects every other
route (``MAX_JSON_BODY``, 64 KB) would have to be lifted for one of them. A raw body is read here
in chunks and refused with a 413 the moment it passes 5 MB, whatever Content-Length claimed
(design §6); a failed upload can simply be retried, and the resource stays with its uploader
meanwhile. The declared Content-Type is not trusted: directory finds the type from the content.
"""
import base64
import unicodedata
from urllib.parse import quote

from marshmallow import RAISE, Schema, fields
from werkzeug.wrappers import Response

from etwinning_contracts.directory import resources as R
from etwinning_contracts.identity import AcceptedSchema

from .api import UnsupportedMediaType, read_raw_body, route

ERR_INPUT = (400, 422)
TAGS = ["resources"]
TOO_LARGE = "The file is larger than 5 MB; share a link to it instead."
FILE_BODY_TYPES = tuple(R.FILE_TYPES) + ("application/octet-stream",)
FORM_TYPES = ("multipart/", "application/x-www-form-urlencoded")


class ResourcePath(Schema):
    class Meta:
        unknown = RAISE

    resource_id = fields.UUID(required=True)


def read_file_body(request, limit=R.MAX_FILE_BYTES):
    """The raw body, refused as soon as it is larger than ``limit``; never a form."""
    if (request.mimetype or "").startswith(FORM_TYPES):
        raise UnsupportedMediaType("Send the file's bytes as the request body (not a form), e.g. with "
                                   "Content-Type: application/octet-stream.")
    return read_raw_body(request, limit, TOO_LARGE)


def content_disposition(file_name):
    """attachment, with an ASCII fallback name and the exact one (RFC 6266, RFC 5987)."""
    ascii_name = unicodedata.normalize("NFKD", file_name).encode("ascii", "ignore").decode()
    ascii_name = "".join(c for c in ascii_name if c.isprintable() and c not in '"\\') or "resource"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(file_name, safe='')}"


class ResourcesRoutes:
    @route("POST", "/api/v1/resources", summary="Share a learning resource on behalf of one of my schools",
           tags=TAGS, body=R.CreateResourceArgs, response=R.ResourceSchema, status=201, errors=ERR_INPUT + (403,),
           description="For validated eTwinners. Give a link (url), or none and then upload the file with "
                       "PUT /api/v1/resources/{resource_id}/file; until then only you see it. searchable=false "
                       "(the default) keeps it to you and the validated teachers of its school.", idempotent=True)
    def create_resource(self, actor, **body):
        return 201, self.rpc("directory", "create_resource", actor, **body)

    @route("GET", "/api/v1/resources", summary="Search the resources library", tags=TAGS,
           query=R.ResourceSearchArgs, response=R.ResourcePage, errors=ERR_INPUT + (403,),
           description="For validated eTwinners: resources other schools made searchable, your own and your "
                       "schools'. Keywords match word by word, forgiving accents and small typos; filter by type, "
                       "subject, language, pupils' age, country or school. Central staff see every resource.")
    def search_resources(self, actor, **query):
        return 200, self.rpc("directory", "search_resources", actor, **query)

    @route("GET", "/api/v1/me/resources", summary="Resources I shared, those awaiting their file included",
           tags=TAGS, query=R.PageArgs, response=R.ResourcePage, errors=ERR_INPUT + (403,))
    def my_resources(self, actor, **query):
        return 200, self.rpc("directory", "list_my_resources", actor, **query)

    @route("GET", "/api/v1/resources/<resource_id>", summary="A resource", tags=TAGS, path_schema=ResourcePath,
           response=R.ResourceSchema, errors=(403, 404))
    def get_resource(self, actor, resource_id):
        return 200, self.rpc("directory", "get_resource", actor, resource_id=resource_id)

    @route("PATCH", "/api/v1/resources/<resource_id>", summary="Edit my resource", tags=TAGS,
           path_schema=ResourcePath, body=R.ResourceChanges, response=R.ResourceSchema,
           errors=ERR_INPUT + (403, 404),
           description="A new url replaces the file; removing the url (null) needs the file uploaded first.")
    def update_resource(self, actor, resource_id, **body):
        return 200, self.rpc("directory", "update_resource", actor, resource_id=resource_id, **body)

    @route("DELETE", "/api/v1/resources/<resource_id>", summary="Remove a resource (its uploader, central staff)",
           tags=TAGS, path_schema=ResourcePath, response=AcceptedSchema, errors=(403, 404))
    def delete_resource(self, actor, resource_id):
        return 200, self.rpc("directory", "delete_resource", actor, resource_id=resource_id)

    @route("PUT", "/api/v1/resources/<resource_id>/file", summary="Upload or replace my resource's file (5 MB)",
           tags=TAGS, path_schema=ResourcePath, query=R.ResourceFileQuery, body_content_types=FILE_BODY_TYPES,
           response=R.ResourceSchema, errors=ERR_INPUT + (403, 404, 413, 415),
           description="The file's bytes are the request body. Accepted, as found in the content whatever the "
                       "declared Content-Type: PDF, PNG, JPEG, plain UTF-8 text, Word, PowerPoint, Excel "
                       "(docx, pptx, xlsx) and OpenDocument (odt, odp, ods). The file replaces a link.")
    def put_resource_file(self, actor, resource_id, **query):
        data = read_file_body(self.request)
        return 200, self.rpc("directory", "attach_resource_file", actor, resource_id=resource_id,
                             data=base64.b64encode(data).decode("ascii"), **query)

    @route("GET", "/api/v1/resources/<resource_id>/file", summary="Download a resource's file", tags=TAGS,
           path_schema=ResourcePath, raw_response="*/*", errors=(403, 404),
           description="Sent as an attachment, with the type found in the content when it was uploaded.")
    def download_resource_file(self, actor, resource_id):
        found = self.rpc("directory", "download_resource_file", actor, resource_id=resource_id)
        return 200, Response(base64.b64decode(found["data"]), content_type=found["content_type"], headers={
            "Content-Disposition": content_disposition(found["file_name"]),
            # a file withdrawn or made private must not outlive that in a shared school computer's cache
            "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"})
