#!/usr/bin/env python
"""Demo data for a running system, loaded through its public API as any client would load it.

    make run     # in one terminal
    make demo    # in another: 120 teachers; TEACHERS=500 make demo for more

Teachers from the participating countries (names, towns and schools typical of each, from
``directory_names.py``, in proportion to population) register, confirm the link emailed to
them (read from the development mail sink), fill in their TwinFinder preferences, privacy and
availability, and pick a school: a new one, or one a colleague of their country registered.
Each country's NSO officer (made with identity's ``create-staff`` command, as an operator
does) then records the director's confirmation and validates nine teachers in ten; the rest
wait in the validation queue. Search, TwinFinder and the validation pipeline then have someone
in them. Every run adds new people; the accounts and their password are printed at the end.

For eTwinning-scale data loaded straight into directory's database, see ``directory_data.py``.
"""
import argparse
import re
import subprocess
import sys
import threading
import time
import uuid
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

from directory_data import AGE_OF_LEVEL, ICT_USE, Generator, Weighted, _progress  # noqa: E402
from directory_names import ascii_slug  # noqa: E402

from etwinning_contracts.identity import SCHOOL_LEVELS  # noqa: E402

TEACHER_PASSWORD = "demo teacher password"
OFFICER_PASSWORD = "demo officer password"
DOMAIN = "demo.etwinning.example"
VALIDATED_SHARE = 0.9
NEW_SCHOOL_SHARE = 0.5
ICT_ANSWERED = Weighted.of({use: weight for use, weight in ICT_USE.items() if use})  # registration asks for it


class Client:
    def __init__(self, api, token=None):
        self.api, self.session = api.rstrip("/"), requests.Session()
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"

    def call(self, method, path, expect=(200, 201, 202), **kwargs):
        response = self.session.request(method, f"{self.api}{path}", timeout=30, **kwargs)
        if response.status_code not in expect:
            raise SystemExit(f"{method} {path} answered {response.status_code}: {response.text[:500]}")
        return response.json() if response.content else None

    def signed_in(self, login, password):
        tokens = self.call("POST", "/api/v1/auth/login", json={"login": login, "password": password})
        return Client(self.api, tokens["access_token"])


class Demo:
    def __init__(self, api, mail, seed):
        self.api, self.mail = api, mail.rstrip("/")
        # the scale data's countries, names and preference draws, for a handful of people
        self.world = Generator(seed=seed, schools=0, teachers=0)
        self.rng = self.world.rng
        self._local = threading.local()  # a requests session per worker thread: they are not shared safely
        self.tag = uuid.uuid4().hex[:4]  # each run adds new people
        self.regions = {n["country"]: [r["code"] for r in n.get("regions") or []]
                        for n in self.client.call("GET", "/api/v1/nsos")}
        self.schools = {}  # country -> school ids registered in this run

    @property
    def client(self):
        if not hasattr(self._local, "client"):
            self._local.client = Client(self.api)
        return self._local.client

    # ------------------------------------------------------------ people
    def person(self, n):
        world, rng = self.world, self.rng
        code = world.teacher_country(rng)
        c = world.countries[code]
        female = rng.random() < 0.7  # most teachers are women
        first, last, latin_first, latin_last = world._name(c, female)
        handle = re.sub(r"[^a-z0-9]", "", ascii_slug(f"{latin_first}{latin_last}").lower())[:24] or "teacher"
        username = f"{handle}{self.tag}{n}"
        kind, levels = c.types(rng)
        language = c.language(rng)
        languages = sorted({language, "en"} | ({world.foreign(rng)} if rng.random() < 0.5 else set()))
        return {
            "country": code, "female": female,
            "registration": {
                "email": f"{username}@{DOMAIN}", "password": TEACHER_PASSWORD, "username": username,
                "first_name": first, "last_name": last, "member_type": world.member_type(rng),
                "works_in_pre_university_school": True, "interface_language": language,
                "preferences": {"languages": languages,
                                "subjects": sorted({world.subject(rng) for _ in range(rng.randint(1, 3))}),
                                "age_groups": sorted({AGE_OF_LEVEL[level] for level in levels}),
                                "ict_use": ICT_ANSWERED(rng)}},
            "profile": {"privacy": {"profile_public": rng.random() < 0.7},
                        "available_for_projects": rng.random() < 0.5},
            "school": self.new_school(c, kind, levels),
            "joins_a_colleague": rng.random() > NEW_SCHOOL_SHARE,  # when a colleague's school is known by then
        }

    def new_school(self, c, kind, levels):
        rng, town = self.rng, c.towns(self.rng)
        name = rng.choice(c.patterns).format(type=kind, town=town, namesake=c.namesakes(rng),
                                             n=rng.randint(1, 40))
        regions = self.regions.get(c.code) or []
        # the registry's levels (R33): a vocational school is an upper secondary one there
        levels = sorted({level if level in SCHOOL_LEVELS else "upper_secondary" for level in levels})
        return {"name": f"{name} ({self.tag})" if rng.random() < 0.1 else name, "town": town, "country": c.code,
                "region": rng.choice(regions) if regions else None, "education_levels": levels,
                "director_name": "Director", "director_email": f"director.{self.tag}@{DOMAIN}"}

    # ------------------------------------------------------------ steps
    def register(self, person):
        self.client.call("POST", "/api/v1/registrations", json=person["registration"])

    def links(self, addresses, timeout=120):
        """The verification link of each address, from the mail sink."""
        wanted, found, deadline = set(addresses), {}, time.monotonic() + timeout
        while wanted - found.keys() and time.monotonic() < deadline:
            for message in requests.get(f"{self.mail}/messages.json", timeout=30).json():
                address = re.search(r"[\w.+-]+@[\w.-]+", message["to"])
                to = address.group(0).lower() if address else None
                if to in wanted and to not in found and (token := re.search(r"token=([\w-]+)", message["text"])):
                    found[to] = token.group(1)
            time.sleep(0.5)
        if wanted - found.keys():
            raise SystemExit(f"no verification email for {len(wanted - found.keys())} people: is notify running?")
        return found

    def settle(self, person, token):
        """Confirm the address, sign in, fill in the profile, pick a school."""
        registration = person["registration"]
        self.client.call("POST", "/api/v1/registrations/verify", json={"token": token, "password": TEACHER_PASSWORD})
        me = self.client.signed_in(registration["email"], TEACHER_PASSWORD)
        me.call("PATCH", "/api/v1/me", json=person["profile"])
        colleagues = self.schools.get(person["country"])
        if colleagues and person["joins_a_colleague"]:
            school_id = colleagues[zlib.crc32(registration["username"].encode()) % len(colleagues)]
            me.call("POST", "/api/v1/me/schools", json={"school_id": school_id})
            return
        answer = me.session.post(f"{me.api}/api/v1/me/schools", json={"new_school": person["school"]}, timeout=30)
        if answer.status_code == 409 and answer.json().get("code") == "school_exists":  # the same name and town
            me.call("POST", "/api/v1/me/schools", json={"school_id": answer.json()["errors"]["existing_school_id"][0]})
        elif answer.status_code != 201:
            raise SystemExit(f"choosing a school answered {answer.status_code}: {answer.text[:500]}")
        else:
            self.schools.setdefault(person["country"], []).append(answer.json()["school"]["id"])

    def officer(self, country):
        email = f"officer-{country.lower()}@nso.{DOMAIN}"
        done = subprocess.run([sys.executable, "-m", "identity.manage", "create-staff", "--email", email,
                               "--role", "nso_staff", "--country", country, "--permission", "validator",
                               "--password-stdin"], input=OFFICER_PASSWORD, text=True, capture_output=True)
        if done.returncode != 0 and "already exists" not in done.stderr + done.stdout:
            raise SystemExit(f"create-staff for {country} failed:\n{done.stderr[-2000:]}")
        return self.client.signed_in(email, OFFICER_PASSWORD), email

    def validate(self, officer, emails):
        """The officer confirms with each director and validates; returns how many."""
        tasks, cursor = [], None
        while True:
            page = officer.call("GET", "/api/v1/validation-tasks",
                                params={"limit": 200, **({"cursor": cursor} if cursor else {})})
            tasks += [t for t in page["items"] if t["applicant_email"] in emails]
            cursor = page.get("next_cursor")
            if not cursor:
                break
        for task in tasks:
            officer.call("POST", f"/api/v1/validation-tasks/{task['id']}/director-confirmation",
                         json={"channel": "phone", "note": "Demo data: confirmed by the school office."})
            officer.call("POST", f"/api/v1/validation-tasks/{task['id']}/validate")
        return len(tasks)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--teachers", type=int, default=120)
    parser.add_argument("--api", default="http://127.0.0.1:8000")
    parser.add_argument("--mail-sink", default="http://127.0.0.1:8025")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--seed", type=int, default=None, help="the same people for the same seed (new addresses)")
    args = parser.parse_args(argv)
    try:
        requests.get(f"{args.api}/readyz", timeout=5).raise_for_status()
    except requests.RequestException:
        raise SystemExit(f"The platform is not answering at {args.api}: start it first with `make run`.")

    demo = Demo(args.api, args.mail_sink, args.seed)
    people = [demo.person(n) for n in range(args.teachers)]
    with ThreadPoolExecutor(args.workers) as pool:
        bar = _progress(len(people), "registering", unit="teachers")
        for _ in pool.map(demo.register, people):
            bar.update()
        bar.close()
        tokens = demo.links([p["registration"]["email"] for p in people])
        bar = _progress(len(people), "confirming, choosing schools", unit="teachers")
        for _ in pool.map(lambda p: demo.settle(p, tokens[p["registration"]["email"]]), people):
            bar.update()
        bar.close()

    chosen = [p for p in people if demo.rng.random() < VALIDATED_SHARE]
    by_country = {}
    for person in chosen:
        by_country.setdefault(person["country"], set()).add(person["registration"]["email"])
    bar = _progress(len(chosen), "validating", unit="teachers")
    officers = []
    for country, emails in sorted(by_country.items()):
        officer, email = demo.officer(country)
        officers.append(email)
        bar.update(demo.validate(officer, emails))
    bar.close()

    print(f"\n{len(people)} teachers in {len({p['country'] for p in people})} countries, {len(chosen)} validated, "
          f"the others waiting for their NSO.")
    print(f"Teachers sign in with their address (e.g. {people[0]['registration']['email']}) "
          f"and the password {TEACHER_PASSWORD!r};")
    print(f"NSO officers with officer-<country>@nso.{DOMAIN} (e.g. {officers[0] if officers else '-'}) "
          f"and {OFFICER_PASSWORD!r}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
