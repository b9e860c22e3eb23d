"""`make demo` works against a running system: its teachers can sign in, are validated by their
country's officer (or wait for them), and are found by people search."""
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import Api

DEMO = Path(__file__).resolve().parents[2] / "bench" / "demo_data.py"


def test_the_demo_teachers_sign_in_and_are_found(stack, api):
    done = subprocess.run([sys.executable, str(DEMO), "--teachers", "6", "--seed", "7", "--api", stack.gateway_url,
                           "--mail-sink", f"http://127.0.0.1:{stack.ports['mail_http']}"],
                          env=stack.env(), capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "6 teachers in" in done.stdout
    email = re.search(r"\(e\.g\. (\S+@demo\.etwinning\.example)\)", done.stdout).group(1)

    teacher = Api(stack.gateway_url)
    login = teacher.post("/api/v1/auth/login", json={"login": email, "password": "demo teacher password"})
    assert login.status_code == 200, login.text
    teacher.token = login.json()["access_token"]
    me = teacher.get("/api/v1/me").json()
    assert me["state"] in ("active_etwinner", "pending_validation") and me["schools"]
    last_name = me["last_name"]
    found = teacher.get("/api/v1/search/people", params={"q": last_name, "limit": 50}).json()["items"]
    assert me["id"] in [p["user_id"] for p in found]
