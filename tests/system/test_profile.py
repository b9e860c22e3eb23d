"""Profile details a teacher manages: picture, password, preferences; and what others see."""
import struct
import zlib
from io import BytesIO

import pytest
from PIL import Image

from tests.conftest import eventually

pytestmark = pytest.mark.system


def tiny_png():
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + \
        chunk(b"IEND", b"")


def pixels(data):
    with Image.open(BytesIO(data)) as image:
        return image.size, image.convert("RGB").tobytes()


def photo_with_location():
    """A phone photo: a JPEG whose EXIF says where it was taken (GPS)."""
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (52.0, 13.0, 0.0), 3: "E", 4: (21.0, 0.0, 0.0)}  # GPSInfo
    out = BytesIO()
    Image.new("RGB", (32, 24), (200, 30, 30)).save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_profile_picture_is_checked_by_content_and_size(register_teacher, api):
    """The profile picture (R30) is shown on the profile once checked."""
    teacher = register_teacher(country="PL")
    me = teacher.get("/api/v1/me").json()
    png = tiny_png()
    stored = teacher.put("/api/v1/me/picture", data=png, headers={"Content-Type": "image/png"})
    assert stored.status_code == 200
    assert me["has_picture"] is False and teacher.get("/api/v1/me").json()["has_picture"] is True
    shown = teacher.get(f"/api/v1/users/{me['id']}/picture")
    assert shown.status_code == 200 and pixels(shown.content) == pixels(png)
    assert shown.headers["Content-Type"] == "image/png"
    assert shown.headers["X-Content-Type-Options"] == "nosniff"  # a browser must not read it as anything else

    # a photo keeps its pixels and loses where it was taken
    photo = photo_with_location()
    assert Image.open(BytesIO(photo)).getexif().get_ifd(0x8825)
    assert teacher.put("/api/v1/me/picture", data=photo, headers={"Content-Type": "image/jpeg"}).status_code == 200
    kept = teacher.get(f"/api/v1/users/{me['id']}/picture").content
    assert Image.open(BytesIO(kept)).size == (32, 24) and not Image.open(BytesIO(kept)).getexif()
    assert teacher.put("/api/v1/me/picture", data=png, headers={"Content-Type": "image/png"}).status_code == 200
    assert api.get(f"/api/v1/users/{me['id']}/picture").status_code == 404  # private profile, anonymous visitor

    disguised = teacher.put("/api/v1/me/picture", data=b"MZ\x90\x00 not an image",
                            headers={"Content-Type": "image/png"})
    assert disguised.status_code == 422 and disguised.json()["code"] == "bad_image"
    truncated = teacher.put("/api/v1/me/picture", data=png[:30] + bytes(range(200)),
                            headers={"Content-Type": "image/png"})
    assert truncated.status_code == 422 and truncated.json()["code"] == "bad_image"
    as_jpeg = teacher.put("/api/v1/me/picture", data=png, headers={"Content-Type": "image/jpeg"})
    assert as_jpeg.status_code == 422  # the content is not what the header declares
    huge = teacher.put("/api/v1/me/picture", data=b"\x89PNG\r\n\x1a\n" + b"0" * (2 * 1024 * 1024 + 1),
                       headers={"Content-Type": "image/png"})
    assert huge.status_code == 413
    assert teacher.put("/api/v1/me/picture", data=png, headers={"Content-Type": "text/plain"}).status_code == 415
    assert pixels(teacher.get(f"/api/v1/users/{me['id']}/picture").content) == pixels(png)  # refused: no change

    # a client that streams the picture (chunked, no Content-Length) is served the same way
    chunked = teacher.put("/api/v1/me/picture", data=iter([png[:20], png[20:]]), headers={"Content-Type": "image/png"})
    assert chunked.status_code == 200
    assert pixels(teacher.get(f"/api/v1/users/{me['id']}/picture").content) == pixels(png)
    endless = teacher.put("/api/v1/me/picture", data=iter([b"\x89PNG\r\n\x1a\n"] + [b"0" * 65536] * 40),
                          headers={"Content-Type": "image/png"})
    assert endless.status_code == 413


def test_changing_the_password_needs_the_current_one_and_ends_other_sessions(register_teacher, api):
    """R24. Every session ends; the one that changed it goes on with the new tokens it is given."""
    teacher = register_teacher(country="CZ", validated=False)
    other_device = api.post("/api/v1/auth/login", json={"login": teacher.email, "password": teacher.password}).json()
    wrong = teacher.post("/api/v1/me/password", json={"current_password": "not it",
                                                      "new_password": "brand new password"})
    assert wrong.status_code == 422 and "current_password" in wrong.json()["errors"]
    short = teacher.post("/api/v1/me/password", json={"current_password": teacher.password, "new_password": "short"})
    assert short.status_code == 422 and "new_password" in short.json()["errors"]
    same = teacher.post("/api/v1/me/password", json={"current_password": teacher.password,
                                                     "new_password": teacher.password})
    assert same.status_code == 422 and same.json()["code"] == "same_password"
    changed = teacher.post("/api/v1/me/password",
                           json={"current_password": teacher.password, "new_password": "brand new password"})
    assert changed.status_code == 200
    assert api.post("/api/v1/auth/refresh", json={"refresh_token": other_device["refresh_token"]}).status_code == 401
    assert eventually(lambda: api.get("/api/v1/me", headers={
        "Authorization": f"Bearer {other_device['access_token']}"}).status_code == 401)
    old_token, teacher.token = teacher.token, changed.json()["access_token"]
    assert teacher.get("/api/v1/me").status_code == 200  # this session goes on
    assert api.get("/api/v1/me", headers={"Authorization": f"Bearer {old_token}"}).status_code == 401
    assert api.post("/api/v1/auth/refresh", json={"refresh_token": changed.json()["refresh_token"]}).status_code == 200
    assert api.post("/api/v1/auth/login", json={"login": teacher.email,
                                                "password": "brand new password"}).status_code == 200


def test_bad_input_is_a_problem_document_and_changes_nothing(register_teacher, api):
    teacher = register_teacher(country="DK", validated=False)
    before = teacher.get("/api/v1/me").json()
    cases = [
        teacher.patch("/api/v1/me", data="{not json", headers={"Content-Type": "application/json"}),
        teacher.patch("/api/v1/me", json={"first_name": "x" * 10_000}),
        teacher.patch("/api/v1/me", json={"preferences": {"languages": ["klingon"]}}),
        teacher.patch("/api/v1/me", json={"available_for_projects": "maybe"}),
        teacher.patch("/api/v1/me", json={"role": "css_staff"}),
        teacher.patch("/api/v1/me", json=["a", "list"]),
        teacher.post("/api/v1/me/schools", json={"new_school": {"name": "Nowhere School", "town": "X", "country": "ZZ",
                                                                "education_levels": ["primary"]}}),
        teacher.post("/api/v1/me/schools", json={"school_id": "00000000-0000-0000-0000-000000000000"}),
        teacher.get("/api/v1/schools", params={"limit": -1}),
        teacher.get("/api/v1/users/not-a-uuid"),
        api.post("/api/v1/registrations", data=b"x" * 100_000, headers={"Content-Type": "application/json"}),
        # a NUL character anywhere (PostgreSQL refuses it in text), in a body or a query
        teacher.patch("/api/v1/me", json={"last_name": "\u0000null"}),
        api.post("/api/v1/auth/login", json={"login": "a\u0000b", "password": "whatever it is"}),
        api.get("/api/v1/schools", params={"q": "a\u0000b"}),
        # a body nested far deeper than any request, and a query parameter a route does not have
        api.post("/api/v1/auth/login", data="[" * 1500 + "]" * 1500, headers={"Content-Type": "application/json"}),
        api.post("/api/v1/auth/login", data='{"login": ' + "[" * 100 + "]" * 100 + "}",
                 headers={"Content-Type": "application/json"}),
        teacher.get("/api/v1/me", params={"fields": "email"}),
        teacher.patch("/api/v1/me", json={"first_name": "   "}),  # a blank on every card
        # half a surrogate pair (valid JSON, no UTF-8), and dates at the ends of the calendar
        teacher.patch("/api/v1/me", data='{"about": "hi \\ud800"}', headers={"Content-Type": "application/json"}),
        teacher.post("/api/v1/events", json={"title": "Year one", "kind": "workshop", "format": "online",
                                             "starts_at": "0001-01-01T00:00:00+00:00",
                                             "ends_at": "0001-01-01T01:00:00+00:00"}),
        teacher.post("/api/v1/events", json={"title": "Far away", "kind": "workshop", "format": "online",
                                             "starts_at": "9999-12-31T22:00:00+00:00",
                                             "ends_at": "9999-12-31T23:00:00+00:00"}),
    ]
    statuses = [c.status_code for c in cases]
    assert statuses == [400, 422, 422, 422, 422, 400, 422, 404, 422, 404, 413, 422, 422, 422, 400, 400, 422, 422,
                        422, 422, 422]
    assert all(c.headers["Content-Type"] == "application/problem+json" for c in cases)
    assert all(c.json()["code"] not in (None, "None") for c in cases)  # every problem says which one
    after = teacher.get("/api/v1/me").json()
    assert after == before
    options = teacher.request("OPTIONS", "/api/v1/me")
    assert options.status_code == 204 and set(options.headers["Allow"].split(", ")) >= {"GET", "PATCH", "OPTIONS"}
