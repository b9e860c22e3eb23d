#!/usr/bin/env python
"""Search benchmark at eTwinning scale: people search, school search and TwinFinder through
the gateway, against the same queries answered by an unindexed ``ILIKE`` scan.

    make bench-directory                        # = .venv/bin/python bench/directory_bench.py
    .venv/bin/python bench/directory_bench.py --reuse          # keep the loaded data (about 2 GB)
    .venv/bin/python bench/directory_bench.py --reuse --requests 50 --baseline-requests 2 \\
        --twinfinder-baseline-requests 1                               # a quicker look
    .venv/bin/python bench/directory_bench.py --teachers 100000 --schools 25000     # smaller copy
    .venv/bin/python bench/directory_bench.py --help

What it does, in one run, on this machine's RabbitMQ and PostgreSQL:

1. creates directory's database ``etw_bench_directory`` (kept afterwards, for ``--reuse``)
   and a fresh identity database ``etw_bench_directory_identity`` (dropped at the end), with
   every migration (``alembic upgrade heads``), keys and logs in a temporary directory, and a
   RabbitMQ vhost of its own (``etw_bench_directory``, when rabbitmqctl is on this machine);
2. loads 1,200,000 teachers and 295,000 schools (``bench/directory_data.py``, seeded, with a
   progress bar; a few minutes), or with ``--reuse`` keeps them when they are already there;
   new migrations are applied to reused data;
3. starts identity, directory and the gateway on free ports, creates a css_staff account with
   ``python -m identity.manage create-staff``, signs in, and gives that account a teacher's
   row in directory's read model (TwinFinder ranks by the requester's preferences);
4. for each kind of query (full names, surnames, misspelt surnames, surnames typed without
   accents, common first names, surnames written in another script typed in Latin letters,
   school names with their town, TwinFinder teachers and schools
   with the requester's own and with refined criteria) sends ``--requests`` sequential requests
   through the gateway after ``--warmup``, and answers the same logical queries directly in
   PostgreSQL by a scan without indexes (``ILIKE '%word%'`` per word, ORed; for TwinFinder the
   same scoring query with index and bitmap scans disabled);
5. calls directory's repository for the same queries in this process (``--repository-requests``;
   its SQL and row loading without the RPC and the serialisation), as a breakdown;
6. prints p50/p95 of all three, the three slowest requests of each kind (which query, how
   long), the speed-up over the scan and whether the targets are met
   (people search p95 under 30 ms, TwinFinder p95 under 60 ms, over all requests of the group;
   "reference" is a directory read with no ranking at all: the fixed cost of the path), and
   writes ``EXPLAIN (ANALYZE, BUFFERS)`` of the queries
   directory runs for one query of each kind (``--plans``, by default beside the JSON results).

The latency is measured by the client, so it includes the gateway, the RPC over RabbitMQ and
the service; other load on the machine shows in it (the 1-minute load average is printed).
The exit code is 0 whether or not the targets are met: this is a benchmark, not a test.
"""
import argparse
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

import directory_data  # noqa: E402
from directory_names import transliterate  # noqa: E402

from etwinning_contracts.testing import delete_vhost, drop_database, fresh_vhost, recreate_database  # noqa: E402
from etwinning_contracts.runtime.devstack import Stack, free_port  # noqa: E402

DB_PREFIX = "etw_bench_"
IDENTITY_DB = "directory_identity"  # not etw_bench_identity: the gateway benchmark owns that one
VHOST = "etw_bench_directory"
TARGETS_MS = {"people": 30.0, "twinfinder": 60.0}
PAGE = 20

# The requester: a history and geography teacher of 12-15 year olds in Italy.
REQUESTER = {"languages": ["it", "en"], "subjects": ["history", "geography"], "age_groups": ["12-15"],
             "ict_use": "advanced", "country": "IT"}
REFINED = [
    {"language": ["fr"], "subject": ["mathematics"], "age_group": ["12-15"]},
    {"language": ["de", "en"], "subject": ["history"]},
    {"language": ["es"], "subject": ["foreign_languages"], "age_group": ["6-11"], "ict_use": "intermediate"},
    {"country": "FR"},
    {"country": "PL", "subject": ["informatics_ict"]},
    {"language": ["en"], "subject": ["natural_sciences", "biology"], "age_group": ["16-19"]},
    {"language": ["el"], "country": "GR"},
    {"subject": ["art", "music"], "age_group": ["3-5"]},
    {"language": ["tr", "en"], "subject": ["mathematics", "physics"], "ict_use": "advanced"},
    {"language": ["pt"], "subject": ["pre_school_education"]},
    {"country": "UA", "subject": ["language_and_literature"]},
    {"language": ["ro"], "age_group": ["12-15", "16-19"]},
]

# The TwinFinder query directory ran before it was tuned; with index scans disabled it is the baseline.
TWINFINDER_BASELINE = {
    "teachers": (
        "select p.user_id as id, p.available as available, ("
        "3 * cardinality(array(select unnest(p.languages) intersect select unnest(cast(%(L)s as varchar[])))) + "
        "3 * cardinality(array(select unnest(p.subjects) intersect select unnest(cast(%(S)s as varchar[])))) + "
        "2 * cardinality(array(select unnest(p.age_groups) intersect select unnest(cast(%(A)s as varchar[])))) + "
        "(coalesce(p.ict_use = %(I)s, false))::int)::int as score "
        "from people p where {where}"),
    "schools": (
        "select ps.school_id as id, bool_or(p.available) as available, max("
        "3 * cardinality(array(select unnest(p.languages) intersect select unnest(cast(%(L)s as varchar[])))) + "
        "3 * cardinality(array(select unnest(p.subjects) intersect select unnest(cast(%(S)s as varchar[])))) + "
        "2 * cardinality(array(select unnest(p.age_groups) intersect select unnest(cast(%(A)s as varchar[])))) + "
        "(coalesce(p.ict_use = %(I)s, false))::int)::int as score "
        "from people p join person_schools ps on ps.user_id = p.user_id "
        "join schools s on s.school_id = ps.school_id where {where} group by ps.school_id"),
}


# ---------------------------------------------------------------- the system under test
@dataclass
class BenchStack(Stack):
    services: tuple = ("identity", "directory")

    def db_url(self, service):
        if service == "identity":
            return f"{self.pg_base}/{self.db_prefix}{IDENTITY_DB}"
        return super().db_url(service)

    def prepare(self, reuse=False):
        """Keys, a fresh identity database, directory's database (kept with ``reuse``), migrations."""
        from etwinning_contracts.runtime.devstack import check_infrastructure
        from etwinning_contracts.runtime.migrations import ensure_database

        check_infrastructure(self.amqp_uri, self.pg_base)
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self.logs_dir.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "identity.keys", "--out", str(self.keys_dir), "--keep"],
                       check=True, env=self.env(), stdout=subprocess.DEVNULL)
        for service in self.services:
            if service == "identity" or not reuse:
                recreate_database(self.db_url(service))
            ensure_database(self.db_url(service))
            subprocess.run([sys.executable, "-m", "alembic", "-c", str(ROOT / "services" / service / "alembic.ini"),
                            "upgrade", "heads"], check=True, env=self.env(), cwd=ROOT, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)


def psycopg_dsn(url):
    return url.replace("postgresql+psycopg2://", "postgresql://")


def loaded_rows(url):
    import psycopg2

    with psycopg2.connect(psycopg_dsn(url)) as conn, conn.cursor() as cur:
        cur.execute("select (select count(*) from people), (select count(*) from schools)")
        return cur.fetchone()


# ---------------------------------------------------------------- the requester
def sign_in(stack, client):
    email = f"bench-{uuid.uuid4().hex[:8]}@css.example.org"
    password = "benchmark password 12345"
    subprocess.run([sys.executable, "-m", "identity.manage", "create-staff", "--email", email, "--role", "css_staff",
                    "--password-stdin"], input=password, text=True, check=True, env=stack.env(), capture_output=True)
    response = client.post(f"{stack.gateway_url}/api/v1/auth/login", json={"login": email, "password": password},
                            timeout=30)
    response.raise_for_status()
    client.headers["Authorization"] = f"Bearer {response.json()['access_token']}"
    me = client.get(f"{stack.gateway_url}/api/v1/me", timeout=30)
    me.raise_for_status()
    return uuid.UUID(me.json()["id"])


def give_teacher_profile(url, user_id):
    """A row in the read model with a teacher's preferences, as if identity had sent it; its
    revision is above any snapshot identity will send, so the account's own events leave it be."""
    import psycopg2

    with psycopg2.connect(psycopg_dsn(url)) as conn, conn.cursor() as cur:
        deadline = time.monotonic() + 10  # identity's user_changed event creates the row first
        while time.monotonic() < deadline:
            cur.execute("select 1 from people where user_id = %s", (str(user_id),))
            if cur.fetchone():
                break
            conn.rollback()
            time.sleep(0.2)
        cur.execute("delete from people where username = 'benchmark-requester'")
        r = REQUESTER
        cur.execute(
            "insert into people (user_id, revision, username, display_name, member_type, state, validated, "
            "profile_public, available, searchable, languages, subjects, age_groups, ict_use, has_picture, country, "
            "schools, last_login_at, search_text, school_text) values (%(id)s, 1000000, 'benchmark-requester', "
            "'Benchmark Requester', 'teacher', 'active_etwinner', true, false, true, true, %(L)s, %(S)s, %(A)s, "
            "%(I)s, false, %(C)s, '[]', now(), 'benchmark requester benchmark requester benchmark requester', '') "
            "on conflict (user_id) do update set revision = excluded.revision, username = excluded.username, "
            "display_name = excluded.display_name, member_type = excluded.member_type, state = excluded.state, "
            "validated = true, searchable = true, languages = excluded.languages, subjects = excluded.subjects, "
            "age_groups = excluded.age_groups, ict_use = excluded.ict_use, country = excluded.country, "
            "search_text = excluded.search_text",
            {"id": str(user_id), "L": r["languages"], "S": r["subjects"], "A": r["age_groups"], "I": r["ict_use"],
             "C": r["country"]})


# ---------------------------------------------------------------- the queries
def _ascii(text):
    text = text.translate(str.maketrans({"ß": "ss", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "ı": "i",
                                         "ə": "e", "Ə": "E", "æ": "ae", "þ": "th", "ð": "d"}))
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _typo(word, rng):
    """One slip of the keyboard inside the word: a letter dropped, doubled, swapped or replaced."""
    i = rng.randint(1, len(word) - 2)
    kind = rng.choice(("drop", "double", "swap", "replace"))
    if kind == "drop":
        return word[:i] + word[i + 1:]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    vowels = "aeiou"
    return word[:i] + rng.choice(vowels.replace(word[i].lower(), "") or "a") + word[i + 1:]


def build_queries(url, seed, per_kind=40):
    """The query mix, drawn from the loaded data and the name tables (same seed, same queries)."""
    import psycopg2

    rng = random.Random(seed)
    generator = directory_data.Generator(seed, 0, 0)
    pick_country = generator.teacher_country

    def surname(latin=False):
        c = generator.countries[pick_country(rng)]
        masc, fem = c.surnames[c.surname(rng)]
        name = fem if rng.random() < 0.72 else masc
        if latin or (c.script != "latin" and rng.random() < c.latin_share):
            name = transliterate(name, c.script)
        return name

    with psycopg2.connect(psycopg_dsn(url)) as conn, conn.cursor() as cur:
        cur.execute("select display_name from people tablesample bernoulli (0.2) repeatable (%s) where searchable "
                    "order by user_id", (seed % 1000,))
        full_names = [r[0] for r in cur.fetchall()]
        cur.execute("select name, town from schools tablesample bernoulli (1) repeatable (%s) order by school_id",
                    (seed % 1000,))
        schools = [f"{name} {town}" if town and town not in name else name for name, town in cur.fetchall()]
        cur.execute("select split_part(display_name, ' ', 1), count(*) from people where searchable "
                    "group by 1 order by 2 desc, 1 limit %s", (per_kind,))
        first_names = [r[0] for r in cur.fetchall()]

    accented = []
    while len(accented) < per_kind:
        name = surname(latin=True)
        if _ascii(name) != name:
            accented.append(_ascii(name))
    misspelt = []
    while len(misspelt) < per_kind:
        name = _ascii(surname(latin=True))
        if len(name) >= 6 and " " not in name:
            misspelt.append(_typo(name, rng))
    people = {
        "full name": rng.sample(full_names, per_kind),
        "surname": [surname() for _ in range(per_kind)],
        "misspelt surname": misspelt,
        "surname without accents": accented,
        "common first name": first_names,
    }
    queries = [(f"people: {kind}", "people", "/api/v1/search/people", [{"q": q} for q in qs])
               for kind, qs in people.items()]
    queries.append(("schools: name and town", "schools", "/api/v1/search/schools",
                    [{"q": q} for q in rng.sample(schools, per_kind)]))
    # drawn last, so the kinds above keep their queries: a surname written in Cyrillic, Greek,
    # Armenian or Georgian, typed in Latin letters as its owners romanise it
    romanised = []
    while len(romanised) < per_kind:
        c = generator.countries[pick_country(rng)]
        if c.script != "latin":
            masc, fem = c.surnames[c.surname(rng)]
            romanised.append(transliterate(fem if rng.random() < 0.72 else masc, c.script))
    queries.insert(len(people), ("people: surname of another script, in Latin letters", "people",
                                 "/api/v1/search/people", [{"q": q} for q in romanised]))
    queries += [
        # the fixed cost of a directory read through the gateway: no words, 20 cards, no ranking
        ("reference: schools of one country", "reference", "/api/v1/search/schools", [{"country": "LI"}]),
        ("TwinFinder teachers: own preferences", "twinfinder", "/api/v1/twinfinder/teachers", [{}]),
        ("TwinFinder teachers: refined", "twinfinder", "/api/v1/twinfinder/teachers", REFINED),
        ("TwinFinder schools: own preferences", "twinfinder", "/api/v1/twinfinder/schools", [{}]),
        ("TwinFinder schools: refined", "twinfinder", "/api/v1/twinfinder/schools", REFINED),
    ]
    return [Kind(name, group, path, params) for name, group, path, params in queries]


@dataclass
class Kind:
    name: str
    group: str  # people | schools | twinfinder
    path: str
    params: list
    latencies: list = field(default_factory=list)
    slowest: list = field(default_factory=list)  # the three slowest requests: (ms, query)
    baseline: list = field(default_factory=list)
    repository: list = field(default_factory=list)  # the repository call alone, in this process
    items: list = field(default_factory=list)
    errors: int = 0


# ---------------------------------------------------------------- measuring
def measure_gateway(kind, client, base, requests_count, warmup):
    for i in range(warmup):
        client.get(base + kind.path, params={**kind.params[i % len(kind.params)], "limit": PAGE}, timeout=30)
    for i in range(requests_count):
        params = {**kind.params[i % len(kind.params)], "limit": PAGE}
        started = time.perf_counter()
        response = client.get(base + kind.path, params=params, timeout=30)
        body = response.content
        kind.latencies.append((time.perf_counter() - started) * 1000)
        kind.slowest = sorted(kind.slowest + [(kind.latencies[-1], params.get("q") or params)], reverse=True)[:3]
        if response.status_code != 200:
            kind.errors += 1
            if kind.errors == 1:
                print(f"  {kind.name}: HTTP {response.status_code} {body[:300]!r}", file=sys.stderr)
        else:
            kind.items.append(len(response.json()["items"]))


def baseline_sql(kind, params, requester):
    """The same logical query as a scan without indexes: (sql, parameters)."""
    from directory import domain as D

    if kind.group in ("people", "schools"):
        words = D.query_words(params.get("q"))
        values = {f"w{i}": f"%{w}%" for i, w in enumerate(words)}
        table, key, extra = (("people", "user_id", "searchable and ") if kind.group == "people"
                             else ("schools", "school_id", ""))
        any_word = " or ".join(f"search_text ilike %(w{i})s" for i in range(len(words))) or "true"
        matched = " + ".join(f"(search_text ilike %(w{i})s)::int" for i in range(len(words))) or "0"
        return (f"select {key} from {table} where {extra}({any_word}) "
                f"order by ({matched}) desc, {key} limit {PAGE + 1}", values)
    which = "teachers" if "teachers" in kind.path else "schools"
    L = params.get("language") or requester["languages"]
    S = params.get("subject") or requester["subjects"]
    A = params.get("age_group") or requester["age_groups"]
    I = params.get("ict_use") or requester["ict_use"]
    values = {"me": str(requester["user_id"]), "L": L, "S": S, "A": A, "I": I}
    where = ["p.searchable", "p.validated", "p.state = 'active_etwinner'", "p.user_id <> %(me)s"]
    if which == "schools":
        where.append("ps.validated")
    overlap = [f"p.{col} && cast(%({v})s as varchar[])" for col, v in (("languages", "L"), ("subjects", "S"))
               if values[v]]
    if overlap:
        where.append("(" + " or ".join(overlap) + ")")
    if params.get("country"):
        where.append(("p" if which == "teachers" else "s") + ".country = %(country)s")
        values["country"] = params["country"]
    inner = TWINFINDER_BASELINE[which].format(where=" and ".join(where))
    return (f"select id, score, available from ({inner}) ranked order by score desc, available desc, id "
            f"limit {PAGE + 1}", values)


def measure_baseline(kind, url, requests_count, requester):
    import psycopg2

    if kind.group == "reference":
        return

    with psycopg2.connect(psycopg_dsn(url)) as conn, conn.cursor() as cur:
        cur.execute("set enable_indexscan = off; set enable_bitmapscan = off; set enable_indexonlyscan = off")
        for i in range(requests_count):
            sql, values = baseline_sql(kind, kind.params[i % len(kind.params)], requester)
            started = time.perf_counter()
            cur.execute(sql, values)
            cur.fetchall()
            kind.baseline.append((time.perf_counter() - started) * 1000)


def percentile(values, pct):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))]


def _repository_call(repo, kind, params, requester_id):
    """What directory's use case asks of its repository for one request of this kind."""
    from directory import domain as D

    if kind.group == "people":
        return repo.search_people(D.query_words(params.get("q")), [], {}, False, PAGE)
    if kind.group in ("schools", "reference"):
        return repo.search_schools(D.query_words(params.get("q")), [], {"country": params.get("country")}, PAGE)
    me = repo.person(requester_id)
    criteria = D.twinfinder_criteria(me, params)
    method = repo.twinfinder_teachers if "teachers" in kind.path else repo.twinfinder_schools
    return method(me.user_id, criteria, params.get("country"), PAGE)


def measure_repository(kinds, url, requester_id, requests_count):
    """The same requests straight to DirectoryRepository (its SQL and row loading, no RPC, no
    serialisation): how much of the gateway's latency is the search itself."""
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from directory.db import DirectoryRepository

    engine = create_engine(url)
    for kind in kinds:
        for i in range(requests_count):
            with Session(engine) as db:
                repo = DirectoryRepository(db)
                started = time.perf_counter()
                _repository_call(repo, kind, kind.params[i % len(kind.params)], requester_id)
                kind.repository.append((time.perf_counter() - started) * 1000)
                db.rollback()
    engine.dispose()


# ---------------------------------------------------------------- query plans
def explain_plans(url, kinds, requester_id):
    """EXPLAIN (ANALYZE, BUFFERS) of every statement directory's repository runs for the first
    query of each kind, captured from the repository itself."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.orm import Session

    from directory.db import DirectoryRepository

    engine = create_engine(url)
    captured = []

    @event.listens_for(engine, "before_cursor_execute")
    def capture(conn, cursor, statement, parameters, context, executemany):
        captured.append((statement, parameters))

    out = []
    for kind in kinds:
        params = kind.params[0]
        with Session(engine) as db:
            repo = DirectoryRepository(db)
            if kind.group not in ("people", "schools"):
                repo.person(requester_id)
            captured.clear()
            _repository_call(repo, kind, params, requester_id)
            # the repository's own SQL (lower case), not the ORM's loading of the page's rows; a
            # statement comes after the planner settings sent with it ("reset ...; select set_config(...); ")
            statements = [(s.split("; "), p) for s, p in captured]
            statements = [(parts, p) for parts, p in statements if parts[-1].lstrip().startswith("select")
                          and "set_config" not in parts[-1] and "current_setting" not in parts[-1]
                          and "distinct ps.school_id" not in parts[-1]]
            cursor = db.connection().connection.cursor()
            for (*settings, statement), parameters in statements:
                for setting in settings:
                    cursor.execute(setting, parameters)
                cursor.execute("explain (analyze, buffers) " + statement, parameters)
                plan = "\n".join(r[0] for r in cursor.fetchall())
                out.append({"kind": kind.name, "query": params, "sql": cursor.mogrify(statement, parameters).decode(),
                            "plan": plan})
            db.rollback()
    engine.dispose()
    return out


# ---------------------------------------------------------------- report
def report(kinds, load_info):
    rows = []
    header = (f"{'query kind':<40} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'repo p50':>9} {'repo p95':>9} "
              f"{'ILIKE p50':>10} {'ILIKE p95':>10} {'x p50':>7} {'x p95':>7} {'items':>6}")
    print("\n" + header + "\n" + "-" * len(header))
    for kind in kinds:
        p50, p95 = percentile(kind.latencies, 50), percentile(kind.latencies, 95)
        b50, b95 = percentile(kind.baseline, 50), percentile(kind.baseline, 95)
        r50, r95 = percentile(kind.repository, 50), percentile(kind.repository, 95)
        row = {"kind": kind.name, "group": kind.group, "n": len(kind.latencies), "p50_ms": p50, "p95_ms": p95,
               "repository_p50_ms": r50, "repository_p95_ms": r95,
               "ilike_n": len(kind.baseline), "ilike_p50_ms": b50, "ilike_p95_ms": b95,
               "speedup_p50": b50 / p50 if b50 and p50 else None, "speedup_p95": b95 / p95 if b95 and p95 else None,
               "mean_items": statistics.mean(kind.items) if kind.items else 0, "errors": kind.errors,
               "slowest": [{"ms": ms, "query": query} for ms, query in kind.slowest]}
        rows.append(row)

        def fmt(v, spec=".1f"):
            return format(v, spec) if v is not None else "-"
        print(f"{kind.name:<40} {row['n']:>4} {fmt(p50):>8} {fmt(p95):>8} {fmt(r50):>9} {fmt(r95):>9} "
              f"{fmt(b50):>10} {fmt(b95):>10} "
              f"{fmt(row['speedup_p50'], '.0f'):>6}x {fmt(row['speedup_p95'], '.0f'):>6}x "
              f"{fmt(row['mean_items'], '.1f'):>6}" + (f"  {kind.errors} errors" if kind.errors else ""))
    print("\nslowest requests through the gateway:")
    for kind in kinds:
        print(f"  {kind.name}: " + "; ".join(f"{ms:.0f} ms {query}" for ms, query in kind.slowest))
    targets = {}
    for group, limit in TARGETS_MS.items():
        pooled = [x for k in kinds if k.group == group for x in k.latencies]
        if not pooled:  # not measured in this run (--only)
            continue
        worst = max((percentile(k.latencies, 95) for k in kinds if k.group == group and k.latencies), default=None)
        p95 = percentile(pooled, 95)
        met = p95 is not None and p95 < limit and not any(k.errors for k in kinds if k.group == group)
        targets[group] = {"target_p95_ms": limit, "pooled_p95_ms": p95, "worst_kind_p95_ms": worst, "met": met}
        print(f"\ntarget {group}: p95 under {limit:.0f} ms -> all {group} requests p95 {p95:.1f} ms "
              f"(worst kind {worst:.1f} ms): {'MET' if met else 'NOT MET'}")
    return {"rows": rows, "targets": targets, "load": load_info}


def _interrupt(*_):
    raise KeyboardInterrupt()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reuse", action="store_true", help="keep etw_bench_directory's rows if already loaded")
    parser.add_argument("--teachers", type=int, default=directory_data.TEACHERS)
    parser.add_argument("--schools", type=int, default=directory_data.SCHOOLS)
    parser.add_argument("--seed", type=int, default=directory_data.SEED)
    parser.add_argument("--requests", type=int, default=200, help="measured requests per kind (default 200)")
    parser.add_argument("--warmup", type=int, default=20, help="unmeasured requests per kind first (default 20)")
    parser.add_argument("--baseline-requests", type=int, default=10,
                        help="unindexed scans per search kind (default 10; one or two seconds each)")
    parser.add_argument("--twinfinder-baseline-requests", type=int, default=5,
                        help="unindexed scoring queries per TwinFinder kind (default 5; 3 to 20 seconds each)")
    parser.add_argument("--repository-requests", type=int, default=50,
                        help="calls per kind straight to the repository, without the RPC (default 50)")
    parser.add_argument("--json", help="write the results here")
    parser.add_argument("--plans", help="write the EXPLAIN output here (default: beside --json, or not at all)")
    parser.add_argument("--only", help="only the kinds whose name contains this text")
    parser.add_argument("--keep-running", action="store_true", help="leave the stack up at the end (Ctrl-C stops)")
    args = parser.parse_args(argv)

    import requests

    # Ctrl-C (even when started in the background, where SIGINT is ignored) and SIGTERM both
    # stop the run: the finally block below stops every process it started.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)

    state = Path(tempfile.mkdtemp(prefix="etw-bench-directory-"))
    amqp_uri, vhost = fresh_vhost(os.environ.get("AMQP_URI", "amqp://guest:guest@127.0.0.1:5672/"), VHOST)
    ports = {name: free_port() for name in ("identity", "notify", "directory", "smtp", "mail_http")}
    stack = BenchStack(amqp_uri=amqp_uri, pg_base=os.environ.get("POSTGRES_URL", "postgresql+psycopg2://postgres@"
                                                                              "127.0.0.1:5432"),
                       db_prefix=DB_PREFIX, state_dir=state, gateway_port=free_port(), ports=ports, log_to_files=True,
                       extra_env={"LOG_LEVEL": "WARNING"})
    directory_url = stack.db_url("directory")
    try:
        print(f"databases: {directory_url.rsplit('/', 1)[1]}, {stack.db_url('identity').rsplit('/', 1)[1]}; "
              f"vhost: {vhost or '(shared)'}; logs: {stack.logs_dir}", flush=True)
        stack.prepare(reuse=args.reuse)
        load_info = {"reused": False}
        people, schools = loaded_rows(directory_url)
        if args.reuse and people >= args.teachers and schools == args.schools:
            print(f"reusing {people:,} people and {schools:,} schools", flush=True)
            load_info = {"reused": True, "teachers": people, "schools": schools}
            import psycopg2

            conn = psycopg2.connect(psycopg_dsn(directory_url))
            try:
                directory_data.vacuum_analyze(conn)  # new migrations may have changed the reused rows
            finally:
                conn.close()
        else:
            print(f"loading {args.teachers:,} teachers and {args.schools:,} schools", flush=True)
            load_info = directory_data.load(directory_url, args.seed, args.schools, args.teachers)
            print(load_info, flush=True)

        stack.start(names=["directory", "identity", "gateway"])
        client = requests.Session()
        requester_id = sign_in(stack, client)
        give_teacher_profile(directory_url, requester_id)
        requester = {**REQUESTER, "user_id": requester_id}

        kinds = build_queries(directory_url, args.seed)
        if args.only:
            kinds = [k for k in kinds if args.only.lower() in k.name.lower()]
        print(f"load average before measuring: {os.getloadavg()[0]:.2f} (2 cores: above 1 means other work "
              f"competes for the CPU)", flush=True)
        for kind in kinds:
            measure_gateway(kind, client, stack.gateway_url, args.requests, args.warmup)
            print(f"  {kind.name}: p50 {percentile(kind.latencies, 50):.1f} ms, p95 "
                  f"{percentile(kind.latencies, 95):.1f} ms", flush=True)
        for kind in kinds:
            count = args.twinfinder_baseline_requests if kind.group == "twinfinder" else args.baseline_requests
            measure_baseline(kind, directory_url, count, requester)
            if kind.baseline:
                print(f"  ILIKE {kind.name}: p50 {percentile(kind.baseline, 50):.0f} ms", flush=True)
        measure_repository(kinds, directory_url, requester_id, args.repository_requests)
        load_info["load_average_after"] = round(os.getloadavg()[0], 2)

        result = report(kinds, load_info)
        result["queries"] = {k.name: k.params[:10] for k in kinds}
        plans = explain_plans(directory_url, kinds, requester_id)
        plans_path = args.plans or (str(Path(args.json).with_suffix(".plans.txt")) if args.json else None)
        if plans_path:
            with open(plans_path, "w", encoding="utf-8") as f:
                for p in plans:
                    f.write(f"=== {p['kind']}: {json.dumps(p['query'], ensure_ascii=False)}\n{p['sql']}\n\n"
                            f"{p['plan']}\n\n")
            print(f"query plans: {plans_path}")
        if args.json:
            Path(args.json).write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str),
                                       encoding="utf-8")
            print(f"results: {args.json}")
        if args.keep_running:
            print(f"gateway at {stack.gateway_url}; Ctrl-C stops; try\n  curl -H '{'Authorization'}: "
                  f"{client.headers['Authorization']}' '{stack.gateway_url}/api/v1/search/people?q=Garcia'",
                  flush=True)
            while True:
                time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        stack.stop()
        drop_database(stack.db_url("identity"))
        delete_vhost(vhost)
        shutil.rmtree(state, ignore_errors=True)


if __name__ == "__main__":
    main()
