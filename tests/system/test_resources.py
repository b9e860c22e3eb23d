"""The resources library through the HTTP API (R100): a teacher shares a worksheet on behalf of
her school, uploads its file, her colleague sees it, other eTwinners find it with a misspelt
keyword once she makes it searchable and download it; links, moderation, bad input and erasure."""
import uuid
from urllib.parse import quote

import pytest

from tests.conftest import Api, Mailbox, eventually, known_to_directory

pytestmark = pytest.mark.system

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
FIVE_MB = 5 * 1024 * 1024


def resource(school_id, word="", **change):
    return {"title": f"Fotosíntesis {word}: hoja de ejercicios", "resource_type": "worksheet",
            "description": "Two pages of exercises on photosynthesis, with the answers at the end.",
            "subjects": ["biology"], "languages": ["es", "en"], "age_groups": ["12-15"], "school_id": school_id,
            **change}


def school_of(teacher):
    return teacher.membership["school"]["id"]


@pytest.fixture(scope="module")
def ana(register_teacher):
    """A validated teacher in Austria."""
    teacher = register_teacher(country="AT", first_name="Anna", last_name=f"Gruber{uuid.uuid4().hex[:6]}")
    teacher.id = known_to_directory(teacher)
    return teacher


@pytest.fixture(scope="module")
def colleague(register_teacher, staff, ana):
    """A validated teacher who also teaches at Anna's school, that membership validated too."""
    teacher = register_teacher(country="AT", first_name="Lukas", last_name=f"Huber{uuid.uuid4().hex[:6]}")
    assert teacher.post("/api/v1/me/schools", json={"school_id": school_of(ana)}).status_code == 201
    officer = staff("nso_staff", "AT")
    task = next(t for t in officer.get("/api/v1/validation-tasks", params={"limit": 200}).json()["items"]
                if t["applicant_email"] == teacher.email and t["school"]["id"] == school_of(ana))
    assert officer.post(f"/api/v1/validation-tasks/{task['id']}/director-confirmation",
                        json={"channel": "phone"}).status_code == 200
    assert officer.post(f"/api/v1/validation-tasks/{task['id']}/validate").status_code == 200
    teacher.id = known_to_directory(teacher)

    def knows_both_schools():
        found = teacher.get("/api/v1/search/people", params={"q": teacher.get("/api/v1/me").json()["last_name"]})
        return any(s["school_id"] == school_of(ana) for p in found.json()["items"] for s in p["schools"])
    assert eventually(knows_both_schools)
    return teacher


@pytest.fixture(scope="module")
def sven(register_teacher):
    """A validated teacher in Sweden, of another school."""
    teacher = register_teacher(country="SE", first_name="Sven", last_name=f"Berg{uuid.uuid4().hex[:6]}")
    teacher.id = known_to_directory(teacher)
    return teacher


@pytest.fixture(scope="module")
def pending(register_teacher):
    """A registered teacher whose validation is still pending."""
    teacher = register_teacher(country="PL", validated=False, first_name="Piotr",
                               last_name=f"Kowal{uuid.uuid4().hex[:6]}")
    teacher.id = known_to_directory(teacher, validated=False)
    return teacher


def found(user, **params):
    answer = user.get("/api/v1/resources", params=params)
    assert answer.status_code == 200, answer.text
    return [r["id"] for r in answer.json()["items"]]


def test_a_worksheet_is_shared_with_the_school_then_with_every_etwinner(ana, colleague, sven, pending, stack):
    word = f"Clorofíla{uuid.uuid4().hex[:6]}"
    misspelt = word.replace("í", "i").replace("fil", "fl")  # no accent, a letter missing

    created = ana.post("/api/v1/resources", json=resource(school_of(ana), word))
    assert created.status_code == 201, created.text
    item = created.json()
    rid = item["id"]
    assert (item["state"], item["searchable"], item["file"], item["uploader"]["user_id"]) == \
        ("awaiting_file", False, None, ana.id)
    assert item["school"]["school_id"] == school_of(ana) and item["country"] == "AT"

    # until its file is there, nobody else sees it
    assert colleague.get(f"/api/v1/resources/{rid}").status_code == 404
    assert found(colleague, q=misspelt) == []

    # too large, refused while it streams in (with or without a Content-Length); not a file we take
    too_large = ana.put(f"/api/v1/resources/{rid}/file", data=PDF + b"0" * FIVE_MB,
                        headers={"Content-Type": "application/pdf"})
    assert too_large.status_code == 413 and too_large.headers["Content-Type"] == "application/problem+json"
    chunked = ana.put(f"/api/v1/resources/{rid}/file", data=(b"0" * 65536 for _ in range(81)),
                      headers={"Content-Type": "application/octet-stream"})
    assert chunked.status_code == 413
    program = ana.put(f"/api/v1/resources/{rid}/file", data=b"MZ\x90\x00" + b"\x00" * 100,
                      headers={"Content-Type": "application/pdf"})
    assert program.status_code == 422 and program.json()["code"] == "bad_file"
    assert ana.get(f"/api/v1/resources/{rid}").json()["state"] == "awaiting_file"  # nothing changed

    # the declared type and extension do not count: the content does
    uploaded = ana.put(f"/api/v1/resources/{rid}/file", params={"file_name": "Fotosíntesis.exe"}, data=PDF,
                       headers={"Content-Type": "image/png"})
    assert uploaded.status_code == 200, uploaded.text
    assert uploaded.json()["state"] == "available"
    assert uploaded.json()["file"] == {"name": "Fotosíntesis.pdf", "content_type": "application/pdf",
                                       "size": len(PDF)}

    # private to the school: the colleague finds and downloads it, others do not see it
    # (directory may learn that the colleague's membership is validated a moment later)
    assert eventually(lambda: found(colleague, q=misspelt) == [rid])
    assert found(sven, q=misspelt) == [] and sven.get(f"/api/v1/resources/{rid}").status_code == 404
    download = colleague.get(f"/api/v1/resources/{rid}/file")
    assert download.status_code == 200 and download.content == PDF
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["X-Content-Type-Options"] == "nosniff" and download.headers["Cache-Control"] == "no-store"
    disposition = download.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and f"filename*=UTF-8''{quote('Fotosíntesis.pdf')}" in disposition

    # made searchable: every eTwinner finds it, forgiving accents and a typo, and narrows by filters
    shared = ana.patch(f"/api/v1/resources/{rid}", json={"searchable": True})
    assert shared.status_code == 200 and shared.json()["searchable"] is True
    hits = sven.get("/api/v1/resources", params={"q": misspelt}).json()["items"]
    assert [r["id"] for r in hits] == [rid] and hits[0]["matched_words"] == 1
    filters = {"q": misspelt, "subject": "biology", "language": "es", "age_group": "12-15", "country": "AT",
               "resource_type": "worksheet", "school_id": school_of(ana)}
    assert found(sven, **filters) == [rid]
    for narrower in ({"language": "fi"}, {"country": "SE"}, {"resource_type": "video"}, {"age_group": "3-5"}):
        assert found(sven, **{**filters, **narrower}) == []
    assert sven.get(f"/api/v1/resources/{rid}/file").content == PDF

    # only the uploader changes it
    assert sven.patch(f"/api/v1/resources/{rid}", json={"title": "Mine now"}).status_code == 403
    assert colleague.put(f"/api/v1/resources/{rid}/file", data=PDF).status_code == 403
    assert sven.delete(f"/api/v1/resources/{rid}").status_code == 403
    renamed = ana.patch(f"/api/v1/resources/{rid}", json={"title": f"Photosynthesis {word}"})
    assert renamed.status_code == 200 and renamed.json()["title"] == f"Photosynthesis {word}"
    assert [r["id"] for r in ana.get("/api/v1/me/resources").json()["items"]] == [rid]

    # the library is for validated eTwinners
    refused = pending.get("/api/v1/resources", params={"q": misspelt})
    assert refused.status_code == 403 and refused.json()["code"] == "etwinners_only"
    assert pending.get(f"/api/v1/resources/{rid}").status_code == 403
    assert pending.post("/api/v1/resources", json=resource(school_of(pending))).status_code == 403
    anonymous = Api(stack.gateway_url)
    assert anonymous.get("/api/v1/resources").status_code == 401
    assert anonymous.get(f"/api/v1/resources/{rid}/file").status_code == 401


def test_a_link_or_a_file_and_a_text_served_as_utf8(ana, sven):
    link = ana.post("/api/v1/resources", json=resource(school_of(ana), url="https://example.org/fotosintesis",
                                                        resource_type="video", searchable=True))
    assert link.status_code == 201 and link.json()["state"] == "available"
    rid = link.json()["id"]
    no_file = sven.get(f"/api/v1/resources/{rid}/file")
    assert no_file.status_code == 404 and no_file.json()["code"] == "no_file"
    assert ana.patch(f"/api/v1/resources/{rid}", json={"url": None}).status_code == 422  # nothing would be left

    text = "Vocabulario: fotosíntesis, clorofila, estoma\n".encode()
    replaced = ana.put(f"/api/v1/resources/{rid}/file", data=text, headers={"Content-Type": "text/plain"})
    assert replaced.status_code == 200 and replaced.json()["url"] is None
    assert replaced.json()["file"]["name"].endswith(".txt")
    download = sven.get(f"/api/v1/resources/{rid}/file")
    assert download.headers["Content-Type"] == "text/plain; charset=utf-8" and download.content == text

    relinked = ana.patch(f"/api/v1/resources/{rid}", json={"url": "http://example.org/v2"})
    assert relinked.status_code == 200 and relinked.json()["file"] is None
    assert sven.get(f"/api/v1/resources/{rid}/file").status_code == 404


def test_a_blocked_teachers_resources_leave_the_library_until_unblocked(register_teacher, sven, staff):
    word = f"Blockable{uuid.uuid4().hex[:6]}"
    teacher = register_teacher(country="PT", last_name=f"Silva{uuid.uuid4().hex[:6]}")
    user_id = known_to_directory(teacher)
    rid = teacher.post("/api/v1/resources", json=resource(school_of(teacher), word, searchable=True,
                                                          url="https://example.org/b")).json()["id"]
    assert found(sven, q=word) == [rid]
    officer = staff("nso_staff", "PT")
    assert officer.post(f"/api/v1/users/{user_id}/block", json={"reason_category": "policy"}).status_code == 200
    assert eventually(lambda: found(sven, q=word) == [])
    assert sven.get(f"/api/v1/resources/{rid}").status_code == 404
    assert officer.post(f"/api/v1/users/{user_id}/unblock").status_code == 200
    assert eventually(lambda: found(sven, q=word) == [rid])


def test_central_staff_remove_any_resource(ana, sven, staff):
    rid = ana.post("/api/v1/resources", json=resource(school_of(ana), url="https://example.org/x",
                                                       searchable=True)).json()["id"]
    assert sven.get(f"/api/v1/resources/{rid}").status_code == 200
    moderator = staff("css_staff")
    removed = moderator.delete(f"/api/v1/resources/{rid}")
    assert removed.status_code == 200, removed.text
    assert sven.get(f"/api/v1/resources/{rid}").status_code == 404
    assert ana.delete(f"/api/v1/resources/{rid}").status_code == 404


def test_bad_resource_input_is_refused_with_problem_documents(ana, colleague):
    rid = ana.post("/api/v1/resources", json=resource(school_of(ana))).json()["id"]
    cases = [
        ana.post("/api/v1/resources", json=resource(school_of(ana), resource_type="gossip")),
        ana.post("/api/v1/resources", json=resource(school_of(ana), url="javascript:alert(1)")),
        ana.post("/api/v1/resources", json=resource(school_of(ana), url="ftp://example.org/a.pdf")),
        ana.post("/api/v1/resources", json=resource(school_of(ana), title="t" * 10_000)),
        ana.post("/api/v1/resources", json=resource(school_of(ana), subjects=[])),
        ana.post("/api/v1/resources", json=resource(str(uuid.uuid4()))),  # not one of my schools
        ana.patch(f"/api/v1/resources/{rid}", json={"school_id": str(uuid.uuid4())}),
        ana.put(f"/api/v1/resources/{rid}/file", data=b""),
        ana.put(f"/api/v1/resources/{rid}/file", data="café".encode("latin-1")),
        ana.get("/api/v1/resources", params={"cursor": "forged!!"}),
        ana.get("/api/v1/resources", params={"subject": "alchemy"}),
    ]
    assert [c.status_code for c in cases] == [422] * len(cases)
    assert all(c.headers["Content-Type"] == "application/problem+json" for c in cases)
    assert set(cases[5].json()["errors"]) == {"school_id"}
    form = ana.put(f"/api/v1/resources/{rid}/file", files={"file": ("a.pdf", PDF)})
    assert form.status_code == 415
    assert ana.get(f"/api/v1/resources/{uuid.uuid4()}").status_code == 404
    assert ana.get("/api/v1/resources/not-a-uuid").status_code == 404
    assert ana.get(f"/api/v1/resources/{rid}").json()["state"] == "awaiting_file"  # nothing changed


def test_an_erased_teachers_resources_disappear(register_teacher, sven, api, mailbox):
    leaver = register_teacher(country="HU", last_name=f"Nagy{uuid.uuid4().hex[:6]}")
    known_to_directory(leaver)
    word = f"Erasable{uuid.uuid4().hex[:6]}"
    rid = leaver.post("/api/v1/resources", json=resource(school_of(leaver), word, searchable=True)).json()["id"]
    chunked = leaver.put(f"/api/v1/resources/{rid}/file", data=(part for part in (PDF[:10], PDF[10:])))
    assert chunked.status_code == 200 and chunked.json()["file"]["size"] == len(PDF)  # no Content-Length
    assert found(sven, q=word) == [rid]

    assert leaver.post("/api/v1/me/deletion-request").status_code == 202
    token = Mailbox.link_token(mailbox.wait_for(leaver.email, "delet"))
    assert api.post("/api/v1/account-deletions/confirm", json={"token": token}).status_code == 200
    assert eventually(lambda: found(sven, q=word) == [])
    assert sven.get(f"/api/v1/resources/{rid}").status_code == 404
    assert sven.get(f"/api/v1/resources/{rid}/file").status_code == 404
