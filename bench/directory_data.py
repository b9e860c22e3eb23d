#!/usr/bin/env python
"""eTwinning-scale data for directory's search read model, loaded straight into its database.

    .venv/bin/python bench/directory_data.py --database-url postgresql://postgres@127.0.0.1:5432/etw_bench_directory
    .venv/bin/python bench/directory_data.py --teachers 50000 --schools 12000 ...   # a smaller copy

Deterministic for a given ``--seed``: 295,000 schools and 1,200,000 teachers over the
participating countries (EU27, IS, LI, NO, MK, RS, TR, AM, AZ, GE, MD, TN, UA) in proportion to
their population, with names typical of each country (``directory_names.py``: accents, Greek,
Cyrillic, Armenian and Georgian script, some people in Latin letters), usernames, member types,
account states, TwinFinder preferences from the contract vocabularies, availability and one to
three schools each. Rows are shaped exactly like directory's read model fills them from
identity's snapshots (``directory.use_cases.read_model``): ``search_text`` and ``school_text``
come from ``directory.domain.name_text`` and ``school_text`` on the same strings.

Loading replaces whatever ``people``, ``schools`` and ``person_schools`` held: their secondary
indexes are dropped, the rows go in with ``COPY`` (triggers off), the search postings are
built from them as migration 0006 does, the indexes are built again from their own definitions
(so index migrations are measured as they are) and the tables are vacuumed and analysed. The database must exist with directory's migrations applied.
"""
import argparse
import functools
import io
import itertools
import json
import random
import sys
import time
import uuid
from bisect import bisect
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from directory_names import COUNTRIES, ascii_slug, names_of, split_words, transliterate  # noqa: E402

from directory.domain import SEARCHABLE_STATES, name_text, school_text as school_text_of  # noqa: E402
from etwinning_contracts import vocabularies as V  # noqa: E402

SCHOOLS = 295_000
TEACHERS = 1_200_000
SEED = 20261126
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=timezone.utc)
TABLES = ("people", "schools", "person_schools", "person_words", "school_words", "people_vocabulary",
          "schools_vocabulary")
# search postings (migration 0006), which triggers fill row by row; here in one statement each
POSTINGS = (("person_words", "user_id", "people"), ("school_words", "school_id", "schools"))
VOCABULARIES = (("people_vocabulary", "person_words"), ("schools_vocabulary", "school_words"))
CHUNK = 20_000

MEMBER_TYPES = {"teacher": 0.86, "head_teacher": 0.05, "other_staff": 0.04, "educational_advisor": 0.03,
                "librarian": 0.02}
STATES = {"active_etwinner": 0.76, "inactive": 0.11, "pending_validation": 0.06, "registered_not_validated": 0.05,
          "blocked": 0.02}
ICT_USE = {"intermediate": 0.45, "advanced": 0.25, "basic": 0.20, None: 0.10}
FOREIGN = {"en": 0.0, "fr": 0.3, "de": 0.28, "es": 0.2, "it": 0.1, "ru": 0.08, "pt": 0.04}
# what teachers teach, roughly as often as they declare it
SUBJECTS = {"foreign_languages": 16, "mathematics": 10, "language_and_literature": 10, "primary_school_subjects": 9,
            "natural_sciences": 6, "history": 5, "informatics_ict": 5, "biology": 4, "geography": 4, "art": 4,
            "cross_curricular": 4, "pre_school_education": 3, "physics": 3, "chemistry": 3, "citizenship": 3,
            "music": 2, "physical_education": 2, "technology": 2, "european_studies": 2, "religion": 1,
            "special_needs_education": 2, "environmental_education": 2, "vocational_subjects": 2, "economics": 1,
            "social_studies": 1, "media_education": 1, "philosophy": 1, "drama": 1, "home_economics": 1,
            "computing": 1}
AGE_OF_LEVEL = {"pre_primary": "3-5", "primary": "6-11", "lower_secondary": "12-15", "upper_secondary": "16-19",
                "vocational": "16-19"}
assert set(SUBJECTS) == set(V.SUBJECTS) and set(MEMBER_TYPES) == set(V.MEMBER_TYPES)
assert set(ICT_USE) - {None} == set(V.ICT_USE) and set(AGE_OF_LEVEL.values()) == set(V.AGE_GROUPS)
assert all(set(c["languages"]) <= set(V.LANGUAGES) for c in COUNTRIES.values())


def _cum(weights):
    return list(itertools.accumulate(weights))


class Weighted:
    """Fast repeated weighted draws from a fixed list."""

    def __init__(self, items, weights):
        self.items, self.cum = list(items), _cum(weights)
        self.total = self.cum[-1]

    def __call__(self, rng):
        return self.items[bisect(self.cum, rng.random() * self.total)]

    @classmethod
    def of(cls, mapping):
        return cls(mapping.keys(), mapping.values())

    @classmethod
    def zipf(cls, items, s=0.9):
        """The first names of a list are the most common, as in life."""
        return cls(items, [1 / (rank + 1) ** s for rank in range(len(items))])


def allocate(total, weights):
    """Split ``total`` in proportion to ``weights`` (largest remainders), so the sums are exact."""
    whole = sum(weights.values())
    exact = {k: total * w / whole for k, w in weights.items()}
    counts = {k: int(v) for k, v in exact.items()}
    for k in sorted(exact, key=lambda k: exact[k] - counts[k], reverse=True)[:total - sum(counts.values())]:
        counts[k] += 1
    return counts


class Country:
    def __init__(self, code):
        spec = COUNTRIES[code]
        self.code = code
        self.script = spec.get("script", "latin")
        self.latin_share = spec.get("latin_share", 1.0)
        male, female, surnames = names_of(code)
        self.male, self.female = Weighted.zipf(male), Weighted.zipf(female)
        self.surname = Weighted.zipf(list(range(len(surnames))))
        self.surnames = surnames
        self.towns = Weighted.zipf(split_words(spec["towns"], "|"), s=1.0)
        self.namesakes = Weighted.zipf(split_words(spec["namesakes"], "|"), s=0.7)
        self.types = Weighted.zipf(spec["types"], s=0.6)
        self.patterns = spec["patterns"]
        self.language = Weighted.of(spec["languages"])
        self.two_surnames = code in ("ES", "PT")
        self.schools = []  # (school_id, name, town, levels) of this country


_school_text = functools.lru_cache(maxsize=None)(school_text_of)
_name_text = functools.lru_cache(maxsize=None)(name_text)
_slug = functools.lru_cache(maxsize=None)(ascii_slug)


def _uuid(rng):
    return uuid.UUID(int=rng.getrandbits(128), version=4)


class Generator:
    """Schools first (every teacher needs some), then teachers, each row as directory stores it."""

    def __init__(self, seed=SEED, schools=SCHOOLS, teachers=TEACHERS):
        self.rng = random.Random(seed)
        self.n_schools, self.n_teachers = schools, teachers
        self.countries = {code: Country(code) for code in COUNTRIES}
        population = {code: spec["population"] for code, spec in COUNTRIES.items()}
        self.school_counts = allocate(schools, population)
        self.teacher_country = Weighted.of(population)
        self.member_type = Weighted.of(MEMBER_TYPES)
        self.state = Weighted.of(STATES)
        self.ict = Weighted.of(ICT_USE)
        self.foreign = Weighted.of(FOREIGN)
        self.subject = Weighted.of(SUBJECTS)
        self.usernames = set()
        self.checked = 0

    # ------------------------------------------------------------ schools
    def schools(self):
        """Rows of ``schools``: (school_id, revision, name, town, country, region, education_levels,
        registered_at, search_text). Countries interleave, as schools registered over the years."""
        rng = self.rng
        left = dict(self.school_counts)
        pick = Weighted.of(left)
        start = datetime(2005, 1, 13, tzinfo=timezone.utc)
        span = (NOW - start).total_seconds()
        made = 0
        while made < self.n_schools:
            code = pick(rng)
            if not left[code]:
                pick = Weighted.of({k: v for k, v in left.items() if v})
                continue
            left[code] -= 1
            made += 1
            c = self.countries[code]
            (kind, levels), town = c.types(rng), c.towns(rng)
            name = rng.choice(c.patterns).format(type=kind, town=town, namesake=c.namesakes(rng),
                                                 n=min(int(rng.paretovariate(1.2)), 60))
            school_id = _uuid(rng)
            search_text = _school_text(name, town)
            # the school as a person's card shows it (read_model: schools JSON), less "validated"
            card = json.dumps({"school_id": str(school_id), "name": name, "town": town, "country": code},
                              ensure_ascii=False, separators=(",", ":"))[:-1] + ',"validated":'
            c.schools.append((school_id, name, town, levels, search_text, card))
            region = f"{code}{rng.randint(1, 9)}{rng.randint(1, 9)}"
            registered = start + timedelta(seconds=rng.random() * span)
            yield (school_id, rng.randint(1, 3), name, town, code, region, levels, registered, search_text)

    # ------------------------------------------------------------ teachers
    def _name(self, c, female):
        rng = self.rng
        first = (c.female if female else c.male)(rng)
        masc, fem = c.surnames[c.surname(rng)]
        last = fem if female else masc
        if c.two_surnames and rng.random() < 0.8:
            masc2, fem2 = c.surnames[c.surname(rng)]
            if masc2 != masc:
                last = f"{last} {fem2 if female else masc2}"
        latin_first, latin_last = transliterate(first, c.script), transliterate(last, c.script)
        if c.script != "latin" and rng.random() < c.latin_share:
            first, last = latin_first, latin_last
        return first, last, latin_first, latin_last

    def _username(self, first, last):
        rng = self.rng
        f, l = _slug(first), _slug(last.split()[0] if rng.random() < 0.5 else last)
        f, l = f or "teacher", l or "etw"
        style = rng.random()
        base = (f"{f}.{l}" if style < 0.3 else f"{f}{l}" if style < 0.55 else f"{f[0]}{l}" if style < 0.75
                else f"{l}{f[0]}" if style < 0.85 else f"{f}_{l}")
        if rng.random() < 0.4:
            base += str(rng.choice((rng.randint(60, 99), rng.randint(1, 999))))
        base = base[:36]
        name, n = base, 1
        while name in self.usernames:
            n += 1
            name = f"{base}{n}"
        self.usernames.add(name)
        return name

    def people(self):
        """Rows of ``people`` with the rows of ``person_schools`` of each, as
        ((user_id, revision, username, display_name, member_type, state, validated, profile_public,
        available, searchable, languages, subjects, age_groups, ict_use, has_picture, country,
        schools_json, last_login_at, search_text, school_text), [(user_id, school_id, validated)])."""
        rng = self.rng
        for _ in range(self.n_teachers):
            c = self.countries[self.teacher_country(rng)]
            female = rng.random() < 0.72
            first, last, latin_first, latin_last = self._name(c, female)
            username = self._username(latin_first, latin_last)
            display_name = f"{first} {last}"
            member_type = self.member_type(rng)
            state = self.state(rng)
            validated = state == "active_etwinner"

            count = 1 if rng.random() < 0.8 else 2 if rng.random() < 0.8 else 3
            chosen = list({s[0]: s for s in (rng.choice(c.schools) for _ in range(count))}.values())
            if state == "active_etwinner":
                valid = [True] + [rng.random() < 0.9 for _ in chosen[1:]]
            elif state in ("pending_validation", "registered_not_validated"):
                valid = [False] * len(chosen)
            else:
                valid = [rng.random() < 0.7 for _ in chosen]

            if rng.random() < 0.08:  # never filled in their preferences
                languages, subjects, age_groups, ict = [], [], [], None
            else:
                languages = [c.language(rng)]
                if languages[0] != "en" and rng.random() < 0.78:
                    languages.append("en")
                if rng.random() < 0.3:
                    languages.append(self.foreign(rng))
                languages = list(dict.fromkeys(languages))
                levels = chosen[0][3]
                subjects = []
                if "pre_primary" in levels and rng.random() < 0.5:
                    subjects.append("pre_school_education")
                if "primary" in levels and rng.random() < 0.5:
                    subjects.append("primary_school_subjects")
                if "en" in languages[1:] and rng.random() < 0.25:
                    subjects.append("foreign_languages")
                for _ in range(rng.choice((1, 1, 1, 2, 2, 3)) - len(subjects)):
                    subjects.append(self.subject(rng))
                subjects = list(dict.fromkeys(subjects)) or [self.subject(rng)]
                ages = list(dict.fromkeys(AGE_OF_LEVEL[level] for level in levels))
                age_groups = sorted(rng.sample(ages, min(len(ages), rng.choice((1, 1, 2)))), key=V.AGE_GROUPS.index)
                ict = self.ict(rng)

            user_id = _uuid(rng)
            days = rng.random() * (900 if state == "active_etwinner" else 1500)
            last_login = NOW - timedelta(days=days) if state != "pending_validation" or rng.random() < 0.8 else None
            # read_model: name_text(first, last, display name) and each school's school_text; the
            # display name is the first name and the last name, so its words alone are the same
            search_text = _name_text(display_name)
            school_text = " ".join(s[4] for s in chosen)
            schools_json = "[" + ",".join(s[5] + ("true}" if v else "false}") for s, v in zip(chosen, valid)) + "]"
            if self.checked % 997 == 0:
                memberships = [{"school_id": str(s[0]), "name": s[1], "town": s[2], "country": c.code,
                                "validated": v} for s, v in zip(chosen, valid)]
                assert search_text == name_text(first, last, display_name)
                assert school_text == " ".join(school_text_of(m["name"], m.get("town")) for m in memberships)
                assert json.loads(schools_json) == memberships
            self.checked += 1
            row = (user_id, rng.randint(1, 12), username, display_name, member_type, state, validated,
                   rng.random() < 0.55, rng.random() < 0.35, state in SEARCHABLE_STATES and member_type is not None,
                   languages, subjects, age_groups, ict, rng.random() < 0.45, c.code, schools_json, last_login,
                   search_text, school_text)
            yield row, [(user_id, s[0], v) for s, v in zip(chosen, valid)]


# ---------------------------------------------------------------- COPY

def _field(value):
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, list):
        return "{" + ",".join(value) + "}"  # vocabulary codes: no quoting needed
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _copy(cursor, table, columns, rows):
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(map(_field, row)))
        buffer.write("\n")
    buffer.seek(0)
    cursor.copy_expert(f"copy {table} ({', '.join(columns)}) from stdin", buffer)


SCHOOL_COLUMNS = ("school_id", "revision", "name", "town", "country", "region", "education_levels", "registered_at",
                  "search_text")
PEOPLE_COLUMNS = ("user_id", "revision", "username", "display_name", "member_type", "state", "validated",
                  "profile_public", "available", "searchable", "languages", "subjects", "age_groups", "ict_use",
                  "has_picture", "country", "schools", "last_login_at", "search_text", "school_text")


def _progress(total, desc, unit="rows", quiet=False):
    try:
        from tqdm import tqdm
    except ImportError:  # the bar is a comfort, not a requirement
        tqdm = None
    if tqdm is None or quiet:
        class Quiet:
            def update(self, n=1):
                pass

            def set_postfix_str(self, text):
                pass

            def close(self):
                pass
        return Quiet()
    return tqdm(total=total, desc=desc, unit=unit, unit_scale=True, dynamic_ncols=True)


def vacuum_analyze(conn):
    """Statistics for the planner and visibility maps for index-only scans, as autovacuum would
    leave them some time after a bulk change (a migration on reused data, a load)."""
    conn.autocommit = True
    with conn.cursor() as cur:
        for table in TABLES:
            cur.execute(f"vacuum (analyze) {table}")


def load(database_url, seed=SEED, schools=SCHOOLS, teachers=TEACHERS, quiet=False):
    """Replace the read model's rows with generated ones; returns what was loaded and how long it took."""
    import psycopg2

    dsn = database_url.replace("postgresql+psycopg2://", "postgresql://")
    started = time.monotonic()
    generator = Generator(seed, schools, teachers)
    conn = psycopg2.connect(dsn)
    try:
        with conn.cursor() as cur:
            cur.execute("select indexname, indexdef from pg_indexes i where schemaname = current_schema() "
                        "and tablename = any(%s) and not exists "
                        "(select 1 from pg_constraint c where c.conname = i.indexname) order by indexname",
                        (list(TABLES),))
            indexes = cur.fetchall()
            for name, _ in indexes:
                cur.execute(f'drop index "{name}"')
            cur.execute(f"truncate {', '.join(TABLES)}")
            cur.execute("set local session_replication_role = replica")  # no per-row foreign key checks
            cur.execute("set local synchronous_commit = off")

            bar = _progress(schools + teachers, "rows", quiet=quiet)
            batch = []
            for row in generator.schools():
                batch.append(row)
                if len(batch) == CHUNK:
                    _copy(cur, "schools", SCHOOL_COLUMNS, batch)
                    bar.update(len(batch))
                    batch = []
            _copy(cur, "schools", SCHOOL_COLUMNS, batch)
            bar.update(len(batch))
            people, memberships = [], []
            for row, rows in generator.people():
                people.append(row)
                memberships.extend(rows)
                if len(people) == CHUNK:
                    _copy(cur, "people", PEOPLE_COLUMNS, people)
                    _copy(cur, "person_schools", ("user_id", "school_id", "validated"), memberships)
                    bar.update(len(people))
                    people, memberships = [], []
            _copy(cur, "people", PEOPLE_COLUMNS, people)
            _copy(cur, "person_schools", ("user_id", "school_id", "validated"), memberships)
            bar.update(len(people))
            bar.close()
            for table, key, owner in POSTINGS:  # what the triggers (off here) would have written
                cur.execute(f"insert into {table} (word, {key}) select distinct word, {key} from {owner}, "
                            f"unnest(string_to_array(search_text, ' ')) word where word <> ''")
            for table, postings in VOCABULARIES:
                cur.execute(f"insert into {table} (word, occurrences) select word, count(*) from {postings} "
                            "group by word")
            loaded = time.monotonic() - started

            cur.execute("set local maintenance_work_mem = '1GB'")
            bar = _progress(len(indexes), "indexes", unit="idx", quiet=quiet)
            for name, definition in indexes:
                bar.set_postfix_str(name)
                cur.execute(definition)
                bar.update()
            bar.close()
        conn.commit()
        indexed = time.monotonic() - started - loaded
        vacuum_analyze(conn)
        with conn.cursor() as cur:
            cur.execute("select count(*) from people")
            count = cur.fetchone()[0]
    finally:
        conn.close()
    return {"schools": schools, "teachers": count, "seconds_rows": round(loaded, 1),
            "seconds_indexes": round(indexed, 1), "seconds_total": round(time.monotonic() - started, 1)}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True, help="directory's database, migrations applied")
    parser.add_argument("--teachers", type=int, default=TEACHERS)
    parser.add_argument("--schools", type=int, default=SCHOOLS)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    print(load(args.database_url, args.seed, args.schools, args.teachers, args.quiet))


if __name__ == "__main__":
    main()
