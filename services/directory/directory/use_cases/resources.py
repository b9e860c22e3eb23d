"""The resources library (R100, A59): validated teachers share learning materials on behalf of one of
their schools, as a link or a file, and choose whether every eTwinner may find them; eTwinners
search, read and download what is searchable, their own and their schools' materials. The
rules that need no data come first, as plain functions."""
import io
import re
import unicodedata
import uuid
import zipfile

from etwinning_contracts.directory.resources import FILE_TYPES, MAX_FILE_BYTES
from etwinning_contracts.errors import Forbidden, Invalid, NotFound

from .. import domain as D
from .networking import _me
from .posts import PAGE_CURSOR, SEARCH_CURSOR, _school, _user_id
from .search import person_card, search_words

EDITABLE = ("title", "description", "resource_type", "subjects", "languages", "age_groups", "school_id",
            "searchable", "url")
SIGNATURES = ((b"%PDF-", "application/pdf"), (b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"))
ZIP = b"PK\x03\x04"
# Office Open XML: a [Content_Types].xml part and the application's main part.
OOXML = (("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
         ("ppt/presentation.xml", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
         ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
# A real document of 5 MB unpacks to tens of MB at most; more is an archive built to swamp
# whoever opens it (a "zip bomb"), which the library must not hand out.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
ODF = {"application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.presentation",
       "application/vnd.oasis.opendocument.spreadsheet"}
BINARY_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")  # tab, line breaks and form feed are text
EXTENSION = re.compile(r"(?=.*[A-Za-z])[A-Za-z0-9]{1,5}")  # 'exe', 'mp4'; not the '2' of 'notes v1.2'


# ---------------------------------------------------------------- rules

def detect_type(data):
    """What the file is, from its content alone (design §6), or None when it is not one of the
    accepted kinds; the type a client declares is never trusted."""
    for signature, content_type in SIGNATURES:
        if data.startswith(signature):
            return content_type
    if data.startswith(ZIP):
        return _office_type(data)
    return "text/plain" if _is_text(data) else None


def _office_type(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                return None
            if "mimetype" in names:  # OpenDocument names its type in this small, uncompressed first part
                with archive.open("mimetype") as part:
                    declared = part.read(100).decode("ascii", "replace").strip()
                return declared if declared in ODF and "content.xml" in names else None
            if "[Content_Types].xml" in names:
                return next((kind for main_part, kind in OOXML if main_part in names), None)
            return None
    except Exception:  # noqa: BLE001 - a damaged archive is just not an accepted file, whatever zipfile says
        return None


def _is_text(data):
    try:
        decoded = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return BINARY_CONTROLS.search(decoded) is None


def file_problem(data):
    """(content type, None) for an acceptable file, else (None, why) in words a teacher can act on."""
    if not data:
        return None, "The file is empty."
    if len(data) > MAX_FILE_BYTES:
        return None, "The file is larger than 5 MB."
    content_type = detect_type(data)
    if content_type is None:
        return None, ("This kind of file is not accepted: upload a PDF, a PNG or JPEG image, a plain UTF-8 text, "
                      "or a Word, PowerPoint, Excel or OpenDocument file; or share a link instead.")
    return content_type, None


def download_name(requested, title, content_type):
    """A safe name to save the file under: no folders, no control or direction characters, and an
    extension that matches the content, so 'report.exe' holding a PDF is saved as 'report.pdf'."""
    def clean(name):
        name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
        return "".join(c for c in name if unicodedata.category(c)[0] != "C").strip().strip(".")

    extensions = FILE_TYPES[content_type]
    name = clean(requested)
    stem, dot, extension = name.rpartition(".")
    if dot and f".{extension.lower()}" in extensions:
        return name[-200:]
    if dot and EXTENSION.fullmatch(extension):  # another kind's extension goes ('.exe')
        name = stem.strip()
    name = name or clean(title)  # a title's dots are not an extension ('Fractions 2.0')
    return (name[:150].rstrip() or "resource") + extensions[0]


def served_type(content_type):
    """Text is always UTF-8 here (checked on upload); say so, or browsers guess."""
    return "text/plain; charset=utf-8" if content_type == "text/plain" else content_type


def is_available(url, file_type):
    return url is not None or file_type is not None


def may_read(*, available, searchable, is_uploader, is_css, of_my_school, uploader_listed=True):
    """Who sees a resource: its uploader and central staff always; other eTwinners once it is
    available and either searchable or shared by a school where they are validated teachers, as
    long as its uploader is not blocked or inactive (they leave every result, R54)."""
    if is_uploader or is_css:
        return True
    return available and uploader_listed and (searchable or of_my_school)


def search_text(values):
    return D.normalise(f"{values['title']} {values['description']}")


# ---------------------------------------------------------------- helpers

def _etwinner(uow, actor):
    """Only validated, active eTwinners take part in the library (R100, like project ideas, A32)."""
    return D.require_eTwinner(_me(uow, actor), "use the resources library", "etwinners_only")


def _validated_schools(me):
    return {uuid.UUID(s["school_id"]) for s in me.schools if s.get("validated")}


def _resource(uow, actor, resource_id, lock=False):
    """The resource if the actor may read it; one they may not read does not exist for them."""
    resource = uow.repo.resources.resource(uuid.UUID(str(resource_id)), lock=lock)
    if resource is None:
        raise NotFound("No such resource.", code="not_found")
    is_uploader = resource.uploader_id == _user_id(actor)
    mine, listed = set(), True
    if not (is_uploader or actor.is_css):
        mine = _validated_schools(_etwinner(uow, actor))
        uploader = uow.repo.person(resource.uploader_id)
        listed = uploader is not None and uploader.searchable
    if not may_read(available=is_available(resource.url, resource.file_type), searchable=resource.searchable,
                    is_uploader=is_uploader, is_css=actor.is_css, of_my_school=resource.school_id in mine,
                    uploader_listed=listed):
        raise NotFound("No such resource.", code="not_found")
    return resource


def _own_resource(uow, actor, resource_id):
    """The uploader's own resource, to change: they must still be an eTwinner to change what others see."""
    resource = _resource(uow, actor, resource_id, lock=True)
    if resource.uploader_id != _user_id(actor):
        raise Forbidden("Only the teacher who shared this resource can change it.", code="not_uploader")
    return resource, _etwinner(uow, actor)


def _sharing_school(me, school_id):
    """The school card if the uploader is a validated teacher there now, else a 422 on school_id."""
    school = _school(me, school_id)
    if school is None or not school.get("validated"):
        raise Invalid("Choose one of your schools.", {"school_id": [
            "Choose one of your current schools where your membership is validated."]}, code="validation_failed")
    return school


def resource_view(resource, people, score=None, matched=None):
    uploader = people.get(resource.uploader_id)
    return {**{name: getattr(resource, name) for name in (
        "id", "school", "country", "resource_type", "title", "description", "subjects", "languages", "age_groups",
        "searchable", "url", "created_at", "updated_at")},
        "uploader": person_card(uploader) if uploader else None,
        "state": "available" if is_available(resource.url, resource.file_type) else "awaiting_file",
        "file": {"name": resource.file_name, "content_type": resource.file_type, "size": resource.file_size}
        if resource.file_type else None,
        "score": score, "matched_words": matched}


def _views(uow, resources, scored=None):
    people = uow.repo.people({r.uploader_id for r in resources})
    scored = scored or {}
    return [resource_view(r, people, *scored.get(r.id, (None, None))) for r in resources]


def _apply(resource, me, values, changed, now):
    for name in EDITABLE:
        setattr(resource, name, values[name])
    if "school_id" in changed:  # kept as shown when chosen, even after the uploader leaves the school
        school = _sharing_school(me, values["school_id"])
        resource.school = {k: school[k] for k in ("school_id", "name", "town", "country")}
        resource.country = school["country"]
    resource.search_text = search_text(values)
    resource.updated_at = now


def _drop_file(uow, resource):
    uow.repo.resources.drop_file(resource.id)
    resource.file_name = resource.file_type = resource.file_size = None


# ---------------------------------------------------------------- operations

def create_resource(uow, actor, **values):
    """With a link the resource is available at once; without one it awaits its file, seen by
    nobody else until the file is uploaded."""
    me = _etwinner(uow, actor)
    resource = uow.repo.resources.new_resource(uploader_id=me.user_id, created_at=uow.now())
    _apply(resource, me, values, EDITABLE, uow.now())
    uow.repo.flush()
    return resource_view(resource, {me.user_id: me})


def update_resource(uow, actor, *, resource_id, **changes):
    """A new link replaces the file; removing the link needs a file to take its place."""
    resource, me = _own_resource(uow, actor, resource_id)
    values = {name: getattr(resource, name) for name in EDITABLE} | changes
    if "url" in changes and changes["url"] is None and resource.url is not None and resource.file_type is None:
        raise Invalid("Upload the file before removing the link.", {"url": [
            "A resource needs a link or a file: upload its file to replace the link."]}, code="validation_failed")
    _apply(resource, me, values, changes, uow.now())
    if changes.get("url"):
        _drop_file(uow, resource)
    return resource_view(resource, {me.user_id: me})


def attach_file(uow, actor, *, resource_id, data, file_name=None):
    """Upload or replace the file; it replaces a link. The size was bounded while the body was
    read by the gateway, and is checked again here with the type, found from the content."""
    resource, me = _own_resource(uow, actor, resource_id)
    content_type, problem = file_problem(data)
    if problem:
        raise Invalid(problem, {"file": [problem]}, code="bad_file")
    uow.repo.resources.store_file(resource.id, data)
    resource.file_name = download_name(file_name, resource.title, content_type)
    resource.file_type, resource.file_size, resource.url = content_type, len(data), None
    resource.updated_at = uow.now()
    return resource_view(resource, {me.user_id: me})


def delete_resource(uow, actor, *, resource_id):
    """The uploader removes their own; central staff remove any (moderation)."""
    resource = _resource(uow, actor, resource_id, lock=True)
    if resource.uploader_id != _user_id(actor) and not actor.is_css:
        raise Forbidden("Only the teacher who shared this resource, or the Central Support Service, can remove it.",
                        code="not_uploader")
    uow.repo.delete(resource)  # its file goes with it (the foreign key cascades)
    return {"status": "removed", "detail": "The resource is removed."}


def get_resource(uow, actor, *, resource_id):
    resource = _resource(uow, actor, resource_id)
    return resource_view(resource, uow.repo.people([resource.uploader_id]))


def download_file(uow, actor, *, resource_id):
    resource = _resource(uow, actor, resource_id)
    if resource.file_type is None:
        detail = (f"This resource is a link: open {resource.url}" if resource.url
                  else "This resource's file has not been uploaded yet.")
        raise NotFound(detail, code="no_file")
    return {"file_name": resource.file_name, "content_type": served_type(resource.file_type),
            "data": uow.repo.resources.file_data(resource.id)}


def search_resources(uow, actor, *, q=None, limit, cursor=None, **filters):
    """Searchable resources of every school, plus one's own and one's schools' (R100), by keywords
    (typo- and accent-tolerant, like posts) and filters. Signed-in eTwinners only, as the
    materials are shared among validated teachers; central staff see everything, to moderate."""
    viewer = None
    if not actor.is_css:
        me = _etwinner(uow, actor)
        viewer = (me.user_id, _validated_schools(me))
    after = D.decode_cursor(cursor, SEARCH_CURSOR, scope="search_resources") if cursor else None
    rows = uow.repo.resources.search(search_words("q", q, D.query_words), filters, viewer, limit, after)
    more, rows = len(rows) > limit, rows[:limit]
    scored = {r.id: (score, matched) for r, matched, score in rows} if q else {}
    last = rows[-1] if rows else None
    return {"items": _views(uow, [r for r, _, _ in rows], scored),
            "next_cursor": D.encode_cursor(last[1], last[2], last[0].created_at.isoformat(), last[0].id,
                                           scope="search_resources")
            if more else None}


def list_my_resources(uow, actor, *, limit, cursor=None):
    """Everything I shared, newest first, those awaiting their file too; kept visible to me even if
    I am no longer validated, so I can still remove them."""
    me = _me(uow, actor)
    after = D.decode_cursor(cursor, PAGE_CURSOR, scope="list_my_resources") if cursor else None
    resources = uow.repo.resources.by_uploader(me.user_id, limit, after)
    more, resources = len(resources) > limit, resources[:limit]
    return {"items": _views(uow, resources),
            "next_cursor": D.encode_cursor(resources[-1].created_at.isoformat(), resources[-1].id,
                                           scope="list_my_resources")
            if more else None}
