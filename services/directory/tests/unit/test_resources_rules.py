"""Rules of the resources library (R100), without a database: what a file is, judged by its
content; the name it is saved under; who sees a resource; and the use cases on in-memory fakes."""
import base64
import io
import uuid
import zipfile
from datetime import datetime, timezone
from types import SimpleNamespace

import pytest
from marshmallow import ValidationError

from directory import domain as D
from directory.db_resources import Resource
from directory.use_cases import resources as R
from etwinning_contracts.actor import Actor
from etwinning_contracts.directory import resources as C
from etwinning_contracts.errors import Forbidden, Invalid, NotFound

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40


def archive(parts, first=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        if first:
            z.writestr(zipfile.ZipInfo(first[0]), first[1])  # stored, uncompressed, as ODF requires
        for name, content in parts.items():
            z.writestr(name, content, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


DOCX = archive({"[Content_Types].xml": "<Types/>", "_rels/.rels": "<Relationships/>", "word/document.xml": "<w/>"})
PPTX = archive({"[Content_Types].xml": "<Types/>", "ppt/presentation.xml": "<p/>"})
XLSX = archive({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<x/>"})
ODT = archive({"content.xml": "<office/>"}, first=("mimetype", "application/vnd.oasis.opendocument.text"))


@pytest.mark.parametrize("data, kind", [
    (PDF, "application/pdf"), (PNG, "image/png"), (JPEG, "image/jpeg"),
    ("Fractions:\n\t½ + ¼ = ¾\r\n".encode(), "text/plain"),
    (DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    (PPTX, "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    (XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    (ODT, "application/vnd.oasis.opendocument.text"),
])
def test_accepted_files_are_recognised_by_their_content(data, kind):
    assert R.detect_type(data) == kind
    assert R.file_problem(data) == (kind, None)


@pytest.mark.parametrize("data", [
    b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 60,  # a Windows program
    b"GIF89a\x01\x00\x01\x00",  # an image kind not accepted
    "café".encode("latin-1"),  # text, but not UTF-8
    b"plain words\x00with a NUL",  # binary disguised as text
    archive({"notes.txt": "a zip of anything"}),  # a zip that is not an office document
    archive({"content.xml": "<x/>"}, first=("mimetype", "application/epub+zip")),  # another OpenDocument-like
    archive({"[Content_Types].xml": "<Types/>", "word/setup.exe": "MZ"}),  # Word's folder, no document in it
    archive({"styles.xml": "<x/>"}, first=("mimetype", "application/vnd.oasis.opendocument.text")),  # no content
    b"PK\x03\x04" + b"\x00" * 30,  # a damaged archive
    b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'>\x01</svg>",
])
def test_other_content_is_refused_whatever_it_claims_to_be(data):
    assert R.detect_type(data) is None
    kind, problem = R.file_problem(data)
    assert kind is None and "not accepted" in problem


def test_an_archive_that_unpacks_to_far_more_than_a_document_is_refused(monkeypatch):
    monkeypatch.setattr(R, "MAX_UNPACKED_BYTES", 10_000)
    swamp = archive({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w>" + " " * 20_000 + "</w>"})
    assert len(swamp) < 1_000  # small to upload, large once opened
    assert R.detect_type(swamp) is None
    assert R.detect_type(DOCX) is not None


def test_empty_and_oversized_files_are_refused():
    assert R.file_problem(b"") == (None, "The file is empty.")
    assert "5 MB" in R.file_problem(PDF + b"0" * C.MAX_FILE_BYTES)[1]
    assert R.file_problem(b"a" * C.MAX_FILE_BYTES) == ("text/plain", None)  # exactly 5 MB is fine


@pytest.mark.parametrize("requested, title, kind, name", [
    ("photosynthesis.pdf", "T", "application/pdf", "photosynthesis.pdf"),
    ("Lección 3.PDF", "T", "application/pdf", "Lección 3.PDF"),
    ("virus.exe", "T", "application/pdf", "virus.pdf"),
    ("C:\\Users\\ana\\fotos\\kat.jpeg", "T", "image/jpeg", "kat.jpeg"),
    ("../../etc/passwd", "T", "text/plain", "passwd.txt"),
    ("notes v1.2", "T", "text/plain", "notes v1.2.txt"),
    ("evil\u202egpj.exe", "T", "image/png", "evilgpj.png"),  # no right-to-left override
    (None, "Fractions 2.0: a worksheet", "application/pdf", "Fractions 2.0: a worksheet.pdf"),
    ("...", "T", "image/png", "T.png"),
    (None, "\u0000", "image/png", "resource.png"),
])
def test_files_are_saved_under_a_safe_name_that_matches_their_content(requested, title, kind, name):
    assert R.download_name(requested, title, kind) == name


def test_text_is_served_as_utf8():
    assert R.served_type("text/plain") == "text/plain; charset=utf-8"
    assert R.served_type("application/pdf") == "application/pdf"


def test_who_reads_a_resource():
    base = {"available": True, "searchable": False, "is_uploader": False, "is_css": False, "of_my_school": False}
    assert not R.may_read(**base)  # private to its school
    assert R.may_read(**{**base, "searchable": True})
    assert R.may_read(**{**base, "of_my_school": True})
    assert R.may_read(**{**base, "available": False, "is_uploader": True})  # awaiting its file: the uploader's
    assert not R.may_read(**{**base, "available": False, "searchable": True, "of_my_school": True})
    assert R.may_read(**{**base, "is_css": True})
    assert not R.may_read(**{**base, "searchable": True, "uploader_listed": False})  # blocked or inactive
    assert R.may_read(**{**base, "uploader_listed": False, "is_uploader": True})


def test_keywords_are_searched_without_accents_or_case():
    assert R.search_text({"title": "Fotosíntesis", "description": "Ficha de ÉCOLOGIE"}) == \
        "fotosintesis ficha de ecologie"


VALID = {"title": "Photosynthesis worksheet", "description": "Two pages of exercises with answers.",
         "resource_type": "worksheet", "subjects": ["biology"], "languages": ["en"], "age_groups": ["12-15"],
         "school_id": str(uuid.uuid4())}


@pytest.mark.parametrize("change", [{"resource_type": "gossip"}, {"title": "x" * 300}, {"subjects": []},
                                    {"url": "ftp://example.org/a.pdf"}, {"url": "javascript:alert(1)"},
                                    {"url": "not a link"}, {"school_id": "my school"}, {"colour": "red"},
                                    {"description": "a NUL \x00 cannot be stored"}, {"searchable": "perhaps"}])
def test_bad_fields_are_refused_before_any_rule(change):
    with pytest.raises(ValidationError):
        C.CreateResourceArgs().load({**VALID, **change})


def test_a_new_resource_is_private_and_linkless_by_default():
    loaded = C.CreateResourceArgs().load(VALID)
    assert loaded["searchable"] is False and loaded["url"] is None
    assert C.ResourceChanges().load({"searchable": True}) == {"searchable": True}


def test_files_cross_rpc_as_base64_and_are_bounded():
    field = C.AttachFileArgs()
    rid = str(uuid.uuid4())
    assert field.load({"resource_id": rid, "data": base64.b64encode(PDF).decode()})["data"] == PDF
    for bad in ("%%%not base64", "A" * (C.Base64Bytes.MAX_TEXT + 4)):
        with pytest.raises(ValidationError):
            field.load({"resource_id": rid, "data": bad})
    assert C.ResourceFileSchema().dump({"file_name": "a.pdf", "content_type": "application/pdf", "data": PDF})[
        "data"] == base64.b64encode(PDF).decode()


def test_a_forged_cursor_is_bad_input_not_a_crash():
    with pytest.raises(Invalid):
        D.decode_cursor(D.encode_cursor(1, 0.5, "yesterday", uuid.uuid4()), R.SEARCH_CURSOR)


# ---------------------------------------------------------------- use cases on fakes

NOW = datetime(2025, 3, 10, 12, tzinfo=timezone.utc)


class FakeResources:
    def __init__(self):
        self.rows, self.files = {}, {}

    def new_resource(self, **values):
        resource = Resource(id=uuid.uuid4(), **values)
        self.rows[resource.id] = resource
        return resource

    def resource(self, resource_id, lock=False):
        return self.rows.get(resource_id)

    def store_file(self, resource_id, data):
        self.files[resource_id] = data

    def drop_file(self, resource_id):
        self.files.pop(resource_id, None)

    def file_data(self, resource_id):
        return self.files.get(resource_id)


class FakeRepo:
    def __init__(self, people):
        self.by_id = {p.user_id: p for p in people}
        self.resources = FakeResources()

    def person(self, user_id, lock=False):
        return self.by_id.get(user_id)

    def people(self, ids):
        return {i: self.by_id[i] for i in ids if i in self.by_id}

    def delete(self, obj):
        del self.resources.rows[obj.id]
        self.resources.drop_file(obj.id)

    def flush(self):
        pass


def teacher(validated=True, schools=()):
    return SimpleNamespace(user_id=uuid.uuid4(), display_name="T", member_type="teacher", validated=validated,
                           searchable=True,
                           state="active_etwinner" if validated else "registered_not_validated", available=False,
                           country="ES", languages=[], subjects=[], age_groups=[], ict_use=None, has_picture=False,
                           schools=list(schools))


def school(validated=True, country="ES"):
    return {"school_id": str(uuid.uuid4()), "name": "IES Cervantes", "town": "Sevilla", "country": country,
            "validated": validated}


@pytest.fixture
def world():
    ours, theirs, pending_school = school(), school(country="PL"), school(validated=False)
    ana = teacher(schools=[ours, pending_school])
    colleague = teacher(schools=[dict(ours)])
    stranger = teacher(schools=[theirs])
    pending = teacher(validated=False, schools=[school(validated=False)])
    uow = SimpleNamespace(repo=FakeRepo([ana, colleague, stranger, pending]), now=lambda: NOW)
    return SimpleNamespace(uow=uow, ours=ours, pending_school=pending_school, ana=ana, colleague=colleague,
                           stranger=stranger, pending=pending)


def actor(person=None, css=False):
    return Actor(user_id=str(person.user_id) if person else str(uuid.uuid4()), roles=("css_staff",) if css else
                 ("user",))


def new(world, **change):
    return R.create_resource(world.uow, actor(world.ana), **{**C.CreateResourceArgs().load(
        {**VALID, "school_id": world.ours["school_id"]}), **change})


def test_only_validated_teachers_share_and_only_for_their_validated_schools(world):
    with pytest.raises(Forbidden) as refused:
        R.create_resource(world.uow, actor(world.pending), **C.CreateResourceArgs().load(VALID))
    assert refused.value.code == "etwinners_only" and "was not granted" in refused.value.detail  # refused (A21)
    for elsewhere in (world.pending_school["school_id"], str(uuid.uuid4())):
        with pytest.raises(Invalid) as bad:
            new(world, school_id=uuid.UUID(elsewhere))
        assert list(bad.value.errors) == ["school_id"]
    created = new(world)
    assert created["school"]["name"] == "IES Cervantes" and created["country"] == "ES"


def test_a_resource_without_a_link_awaits_its_file_and_stays_with_its_uploader(world):
    created = new(world)
    rid, uow = created["id"], world.uow
    assert created["state"] == "awaiting_file" and created["file"] is None
    for other in (world.colleague, world.stranger):
        with pytest.raises(NotFound):
            R.get_resource(uow, actor(other), resource_id=rid)

    attached = R.attach_file(uow, actor(world.ana), resource_id=rid, data=PDF, file_name="ficha.exe")
    assert attached["state"] == "available"
    assert attached["file"] == {"name": "ficha.pdf", "content_type": "application/pdf", "size": len(PDF)}
    assert R.get_resource(uow, actor(world.colleague), resource_id=rid)["id"] == rid  # same school
    with pytest.raises(NotFound):
        R.get_resource(uow, actor(world.stranger), resource_id=rid)  # not searchable
    with pytest.raises(Forbidden):
        R.get_resource(uow, actor(world.pending), resource_id=rid)
    assert R.download_file(uow, actor(world.colleague), resource_id=rid)["data"] == PDF

    R.update_resource(uow, actor(world.ana), resource_id=rid, searchable=True)
    assert R.download_file(uow, actor(world.stranger), resource_id=rid)["file_name"] == "ficha.pdf"


def test_a_link_and_a_file_replace_each_other(world):
    uow, me = world.uow, actor(world.ana)
    link = new(world, url="https://example.org/fractions")
    assert link["state"] == "available"
    with pytest.raises(NotFound) as no_file:
        R.download_file(uow, me, resource_id=link["id"])
    assert no_file.value.code == "no_file"
    with pytest.raises(Invalid):  # removing the only link would leave nothing
        R.update_resource(uow, me, resource_id=link["id"], url=None)

    with_file = R.attach_file(uow, me, resource_id=link["id"], data=DOCX)
    assert with_file["url"] is None and with_file["file"]["name"] == "Photosynthesis worksheet.docx"
    relinked = R.update_resource(uow, me, resource_id=link["id"], url="http://example.org/v2")
    assert relinked["file"] is None and link["id"] not in uow.repo.resources.files


def test_a_bad_file_changes_nothing(world):
    uow, me = world.uow, actor(world.ana)
    rid = new(world, url="https://example.org/a")["id"]
    with pytest.raises(Invalid) as bad:
        R.attach_file(uow, me, resource_id=rid, data=b"MZ\x90\x00binary")
    assert bad.value.code == "bad_file"
    assert R.get_resource(uow, me, resource_id=rid)["url"] == "https://example.org/a"


def test_only_the_uploader_edits_and_central_staff_also_remove(world):
    uow = world.uow
    rid = new(world, url="https://example.org/a", searchable=True)["id"]
    with pytest.raises(Forbidden):
        R.update_resource(uow, actor(world.stranger), resource_id=rid, title="Mine now")
    with pytest.raises(Forbidden):
        R.attach_file(uow, actor(world.colleague), resource_id=rid, data=PDF)
    with pytest.raises(Forbidden):
        R.delete_resource(uow, actor(world.colleague), resource_id=rid)
    assert R.delete_resource(uow, actor(css=True), resource_id=rid)["status"] == "removed"
    with pytest.raises(NotFound):
        R.get_resource(uow, actor(world.ana), resource_id=rid)
