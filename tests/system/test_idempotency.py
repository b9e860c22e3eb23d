"""Idempotency-Key through the HTTP API: an NSO integration or a teacher's flaky connection
retries a POST that creates, and nothing is created twice."""
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.conftest import known_to_directory
from tests.system.test_posts import project_idea

pytestmark = pytest.mark.system


@pytest.fixture(scope="module")
def teacher(register_teacher):
    teacher = register_teacher(country="IT", first_name="Giulia", last_name=f"Conti{uuid.uuid4().hex[:6]}")
    teacher.id = known_to_directory(teacher)
    return teacher


def my_post_ids(teacher):
    page = teacher.get("/api/v1/me/posts", params={"limit": 100})
    assert page.status_code == 200, page.text
    return [p["id"] for p in page.json()["items"]]


def test_a_retried_create_answers_the_first_response_and_creates_nothing_more(teacher):
    key = str(uuid.uuid4())
    body = project_idea(teacher, "Idempotenza")
    first = teacher.post("/api/v1/posts", json=body, headers={"Idempotency-Key": key})
    assert first.status_code == 201, first.text
    again = teacher.post("/api/v1/posts", json=body, headers={"Idempotency-Key": key})
    assert again.status_code == 201 and again.json() == first.json()
    assert my_post_ids(teacher).count(first.json()["id"]) == 1 and len(my_post_ids(teacher)) == 1

    # the same key with other data is a mistake the client must hear about; nothing is created
    other = teacher.post("/api/v1/posts", json=dict(body, title="Another idea entirely"),
                         headers={"Idempotency-Key": key})
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"
    assert other.headers["Content-Type"].startswith("application/problem+json")
    # a new key is a new post; no key at all, too
    assert teacher.post("/api/v1/posts", json=body, headers={"Idempotency-Key": str(uuid.uuid4())}).status_code == 201
    assert teacher.post("/api/v1/posts", json=body).status_code == 201
    assert len(my_post_ids(teacher)) == 3


def test_keys_belong_to_their_caller(teacher, register_teacher):
    other = register_teacher(country="IT", first_name="Marco", last_name=f"Gallo{uuid.uuid4().hex[:6]}")
    known_to_directory(other)
    key = f"shared-{uuid.uuid4()}"
    mine = teacher.post("/api/v1/posts", json=project_idea(teacher, "Chiave"), headers={"Idempotency-Key": key})
    theirs = other.post("/api/v1/posts", json=project_idea(other, "Chiave"), headers={"Idempotency-Key": key})
    assert mine.status_code == theirs.status_code == 201
    assert mine.json()["id"] != theirs.json()["id"] and theirs.json()["id"] in my_post_ids(other)


def test_simultaneous_retries_create_one_post(teacher):
    before = set(my_post_ids(teacher))
    key = str(uuid.uuid4())
    body = project_idea(teacher, "Simultaneo")
    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(pool.map(lambda _: teacher.post("/api/v1/posts", json=body, headers={"Idempotency-Key": key}),
                                range(6)))
    statuses = sorted(a.status_code for a in answers)
    assert set(statuses) <= {201, 409} and 201 in statuses, [a.text for a in answers]
    created = set(my_post_ids(teacher)) - before
    assert len(created) == 1
    assert {a.json()["id"] for a in answers if a.status_code == 201} == created
    assert all(a.json()["code"] == "idempotency_in_progress" for a in answers if a.status_code == 409)
    # once the first has answered, a late retry gets its response
    late = teacher.post("/api/v1/posts", json=body, headers={"Idempotency-Key": key})
    assert late.status_code == 201 and late.json()["id"] in created


@pytest.mark.parametrize("key", ["", "x" * 201, "tab\there", "clé"])
def test_a_malformed_key_is_refused_and_creates_nothing(teacher, key):
    before = my_post_ids(teacher)
    answer = teacher.post("/api/v1/posts", json=project_idea(teacher, "Chiave"), headers={"Idempotency-Key": key})
    assert answer.status_code == 422 and answer.json()["code"] == "bad_idempotency_key", answer.text
    assert my_post_ids(teacher) == before


def test_the_api_documents_the_header_where_it_is_honoured(api):
    spec = api.get("/openapi.json").json()
    create = spec["paths"]["/api/v1/posts"]["post"]
    header = [p for p in create["parameters"] if p["in"] == "header"]
    assert header and header[0]["name"] == "Idempotency-Key" and "409" in create["responses"]
    search = spec["paths"]["/api/v1/posts"]["get"]
    assert not any(p["in"] == "header" for p in search.get("parameters", []))
    documented = {path for path, ops in spec["paths"].items() for method, op in ops.items()
                  if any(p.get("name") == "Idempotency-Key" for p in op.get("parameters", []))}
    assert {"/api/v1/posts", "/api/v1/resources", "/api/v1/events", "/api/v1/groups", "/api/v1/chats",
            "/api/v1/me/schools"} <= documented


def test_choosing_a_school_again_after_a_lost_answer_answers_the_first_choice(register_teacher):
    """identity honours the header too: a teacher whose "Add organisation" answer was lost retries
    and gets the membership, not a 409 already_member, and one validation task waits."""
    teacher = register_teacher(country="LT", validated=False)
    other = register_teacher(country="LV", validated=False)
    school = {"school_id": other.membership["school"]["id"]}
    key = {"Idempotency-Key": str(uuid.uuid4())}
    first = teacher.post("/api/v1/me/schools", json=school, headers=key)
    assert first.status_code == 201, first.text
    again = teacher.post("/api/v1/me/schools", json=school, headers=key)
    assert again.status_code == 201 and again.json() == first.json()
    assert teacher.post("/api/v1/me/schools", json=school).status_code == 409  # without the key: already a member
    current = [m for m in teacher.get("/api/v1/me/schools").json() if m["ended_at"] is None]
    assert sorted(m["school"]["id"] for m in current) == sorted([teacher.membership["school"]["id"],
                                                                 other.membership["school"]["id"]])
