"""Partner-finding posts through the HTTP API: a teacher drafts a project idea, publishes it,
others find it with a misspelt keyword and answer it; bad input is refused; erasure removes it."""
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import eventually, known_to_directory

pytestmark = pytest.mark.system


def days(n):
    return (datetime.now(timezone.utc).date() + timedelta(days=n)).isoformat()


def project_idea(teacher, word, **change):
    return {"post_type": "etwinning_project_idea", "title": f"Astronomía y {word}: robots en el aula",
            "summary": "Pupils build small robots that follow the sun.", "description": "We look for two schools "
            "to build solar robots together, in English, over one term.", "scope": "european",
            "school_id": teacher.membership["school"]["id"], "subjects": ["physics", "technology"],
            "languages": ["en", "it"], "age_groups": ["12-15"], "countries": ["DE", "PL"], "topics": ["STEM", "CLIL"],
            "key_competences": ["digital", "mathematics_science_technology_engineering"],
            "visible_until": days(1), **change}


def events_of(stack, event_type):
    engine = create_engine(stack.db_url("directory"))
    with engine.connect() as db:
        rows = db.execute(text("select payload from outbox where event_type = :t"), {"t": event_type}).all()
    engine.dispose()
    return [r.payload for r in rows]


@pytest.fixture(scope="module")
def ana(register_teacher):
    """A validated teacher in Italy."""
    teacher = register_teacher(country="IT", first_name="Chiara", last_name=f"Ricci{uuid.uuid4().hex[:6]}")
    teacher.id = known_to_directory(teacher)
    return teacher


@pytest.fixture(scope="module")
def bob(register_teacher):
    """A registered teacher in Poland whose validation is still pending."""
    teacher = register_teacher(country="PL", validated=False, first_name="Piotr",
                               last_name=f"Nowak{uuid.uuid4().hex[:6]}")
    teacher.id = known_to_directory(teacher, validated=False)
    return teacher


def test_a_project_idea_is_drafted_published_found_and_answered(ana, bob, stack):
    """An "eTwinning project idea" posting (R73) with the fields R74 asks for, found by keyword,
    subject, type and the advanced filters (R76); a collaboration-forum topic is a posting too (R79)."""
    ana_id, bob_id = ana.id, bob.id
    word = f"Heliotrópo{uuid.uuid4().hex[:6]}"
    misspelt = word.replace("ó", "o").replace("tro", "tr")  # 'heliotrpo...': no accent, a letter missing

    created = ana.post("/api/v1/posts", json=project_idea(ana, word))
    assert created.status_code == 201, created.text
    post = created.json()
    assert post["state"] == "draft" and post["school"]["school_id"] == ana.membership["school"]["id"]

    # a draft is the author's only
    assert bob.get(f"/api/v1/posts/{post['id']}").status_code == 404
    assert bob.get("/api/v1/posts", params={"q": misspelt}).json()["items"] == []

    published = ana.post(f"/api/v1/posts/{post['id']}/publish")
    assert published.status_code == 200 and published.json()["state"] == "published"
    assert ana.post(f"/api/v1/posts/{post['id']}/publish").json()["state"] == "published"  # a retry is harmless

    found = bob.get("/api/v1/posts", params={"q": misspelt}).json()["items"]
    assert [p["id"] for p in found] == [post["id"]] and found[0]["author"]["user_id"] == ana_id
    filtered = {"q": misspelt, "subject": "physics", "language": "it", "age_group": "12-15", "country": "IT",
                "seeking": "PL", "post_type": "etwinning_project_idea"}
    assert [p["id"] for p in bob.get("/api/v1/posts", params=filtered).json()["items"]] == [post["id"]]
    assert bob.get("/api/v1/posts", params={"q": misspelt, "language": "fi"}).json()["items"] == []
    assert bob.get(f"/api/v1/posts/{post['id']}").json()["state"] == "published"  # visible until tomorrow

    # before writing their own, others are shown the similar post (R78)
    similar = bob.get("/api/v1/posts/similar", params={"q": f"{misspelt} robots", "subject": ["physics"]})
    assert post["id"] in [p["id"] for p in similar.json()["items"]]

    # an unvalidated user may post, but not an eTwinning project idea (A32)
    refused = bob.post("/api/v1/posts", json=project_idea(bob, "Solar"))
    assert refused.status_code == 403 and refused.json()["code"] == "etwinners_only"
    other = bob.post("/api/v1/posts", json=project_idea(bob, "Solar", post_type="collaboration", school_id=None))
    assert other.status_code == 201, other.text
    assert other.json()["post_type"] == "collaboration"  # what the old collaboration forums held (R79)

    # only the author edits
    assert bob.patch(f"/api/v1/posts/{post['id']}", json={"title": "Mine now"}).status_code == 403
    edited = ana.patch(f"/api/v1/posts/{post['id']}", json={"title": f"Robots and {word}"})
    assert edited.status_code == 200 and edited.json()["title"] == f"Robots and {word}"

    # any signed-in user answers; the author is notified
    comment = bob.post(f"/api/v1/posts/{post['id']}/comments", json={"body": "We'd love to join with two classes!"})
    assert comment.status_code == 201, comment.text
    comments = ana.get(f"/api/v1/posts/{post['id']}/comments").json()["items"]
    assert [(c["author"]["user_id"], c["body"]) for c in comments] == [(bob_id, "We'd love to join with two classes!")]
    assert ana.get(f"/api/v1/posts/{post['id']}").json()["comment_count"] == 1
    told = [e for e in events_of(stack, "post_commented") if e["post_id"] == post["id"]]
    assert [(e["author_id"], e["user_id"]) for e in told] == [(ana_id, bob_id)]

    # extending: up to 12 months ahead, never into the past
    assert ana.post(f"/api/v1/posts/{post['id']}/extend", json={"visible_until": days(60)}).json()["visible_until"] \
        == days(60)
    assert ana.post(f"/api/v1/posts/{post['id']}/extend", json={"visible_until": days(400)}).status_code == 422
    mine = ana.get("/api/v1/me/posts", params={"state": "published"}).json()["items"]
    assert [(p["id"], p["state"]) for p in mine] == [(post["id"], "published")]


def test_published_posts_reach_the_followers_feed(ana, bob):
    assert bob.post(f"/api/v1/people/{ana.id}/follow").status_code == 200
    post = ana.post("/api/v1/posts", json=project_idea(ana, "Feedword", post_type="other")).json()
    assert ana.post(f"/api/v1/posts/{post['id']}/publish").status_code == 200
    feed = bob.get("/api/v1/feed").json()["items"]
    assert (feed[0]["kind"], feed[0]["summary"]["post_id"], feed[0]["actor"]["user_id"]) == \
        ("post_published", post["id"], ana.id)


def test_bad_post_input_is_refused_with_problem_documents(ana):
    teacher = ana
    cases = [
        teacher.post("/api/v1/posts", json=project_idea(teacher, "x", post_type="gossip")),
        teacher.post("/api/v1/posts", json=project_idea(teacher, "x", visible_until=days(-1))),
        teacher.post("/api/v1/posts", json=project_idea(teacher, "x", visible_until=days(0))),
        teacher.post("/api/v1/posts", json=project_idea(teacher, "x", visible_until=days(370))),
        teacher.post("/api/v1/posts", json=project_idea(teacher, "x", title="t" * 10_000)),
        teacher.post("/api/v1/posts", json=project_idea(teacher, "x", summary=None, topics=[])),
        teacher.post("/api/v1/posts", json=project_idea(teacher, "x", school_id=str(uuid.uuid4()))),
        teacher.post("/api/v1/posts", json=project_idea(teacher, "x", visible_until="next week")),
        teacher.post("/api/v1/posts", json=project_idea(teacher, "x", title=" \t  ")),
        teacher.get("/api/v1/posts", params={"cursor": "forged!!"}),
        teacher.get("/api/v1/posts", params={"subject": "alchemy"}),
    ]
    assert [c.status_code for c in cases] == [422] * len(cases)
    assert all(c.headers["Content-Type"] == "application/problem+json" for c in cases)
    assert set(cases[5].json()["errors"]) == {"summary", "topics"}
    assert set(cases[8].json()["errors"]) == {"title"}  # a title of spaces is no title
    assert teacher.get(f"/api/v1/posts/{uuid.uuid4()}").status_code == 404
    assert teacher.get("/api/v1/posts/not-a-uuid").status_code == 404


def test_an_erased_authors_posts_disappear_from_search(register_teacher, bob, api, mailbox):
    seeker = bob
    leaver = register_teacher(country="HU", last_name=f"Nagy{uuid.uuid4().hex[:6]}")
    known_to_directory(leaver)
    word = f"Erasable{uuid.uuid4().hex[:6]}"
    post = leaver.post("/api/v1/posts", json=project_idea(leaver, word)).json()
    leaver.post(f"/api/v1/posts/{post['id']}/publish")
    assert seeker.get("/api/v1/posts", params={"q": word}).json()["items"]

    assert leaver.post("/api/v1/me/deletion-request").status_code == 202
    from tests.conftest import Mailbox

    token = Mailbox.link_token(mailbox.wait_for(leaver.email, "delet"))
    assert api.post("/api/v1/account-deletions/confirm", json={"token": token}).status_code == 200
    assert eventually(lambda: not seeker.get("/api/v1/posts", params={"q": word}).json()["items"])
    assert seeker.get(f"/api/v1/posts/{post['id']}").status_code == 404
