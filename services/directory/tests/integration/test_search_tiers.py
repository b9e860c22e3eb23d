"""The tiered search algorithms return exactly what their plain definitions say.

``DirectoryRepository`` answers people/school search (``_ranked``) and TwinFinder
(``_twinfinder_tiers``) in tiers, so that a page rarely needs every candidate scored. Here the
same questions are asked through the use cases, page after page with the cursors a client
gets, and the answers are compared with a brute-force ranking computed from every row:

* TwinFinder: the score is the sum of ``domain.WEIGHTS`` over the distinct criterion values a
  teacher shares, plus 1 for the same ICT use; candidates are searchable, validated, active
  teachers other than me who share a language or a subject (anyone, when I ask for neither);
  order: score desc, available desc, id. Schools: the best score of their current (validated
  membership) matching teachers, green (any current teacher is green, R60) first on ties, then
  id; in map mode (a country) followed by the country's other schools having a validated, active
  teacher, none sharing a language or subject, ranked the same way (R58).
* People and school search, word by word: a query word's similarity to a row is that of the
  row's most similar word (``word_similarity``) among the query word's ``SIMILAR_WORDS``
  closest words of the vocabulary, counted when it reaches
  ``domain.WORD_SIMILARITY`` (0 otherwise); a row matches when some query word does; matched =
  how many words do, score = the sum of the similarities; whole = every word is a whole word of
  the name; order:
  matched desc, whole first, score desc, id. The approximate tiers rank a window of
  ``SEARCH_WINDOW`` rows of their own each ("how many approximate matches a tier of the ranking
  ranks at most"), so what is asserted is: every whole-word match, first, in id order, however
  many; every result a true match, scored as defined, shown once, in ranking order across
  pages; and a tier (every word matched but not all whole / some words matched) with fewer rows
  than the window complete, however many rows the tiers before it have. Below the window, that
  is the whole ranking.

The data: the benchmark's generator (``bench/directory_data.py``: realistic names with accents
and other scripts, preferences, memberships) at a small size, plus a family of namesakes added
through the read model (more than ``SEARCH_WINDOW`` of them, some private, some inactive).
"""
import importlib.util
import os
import sys
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import text
from sqlalchemy.orm import sessionmaker

from directory import domain as D
from directory.db import DirectoryRepository
from directory.use_cases import read_model, search
from etwinning_contracts.actor import Actor
from etwinning_contracts.runtime.db import make_engine
from etwinning_contracts.testing import drop_database, fresh_service_database

from .people import run

SERVICE_DIR = os.path.dirname(os.path.dirname(os.path.dirname(__file__)))
REPO_ROOT = Path(__file__).resolve().parents[4]
SEED, TEACHERS, SCHOOLS = 20240611, 3000, 900
WINDOW = DirectoryRepository.SEARCH_WINDOW
SIGNED_IN = Actor(user_id=str(uuid.uuid4()), roles=("user",))
ANONYMOUS = Actor()
NS = uuid.UUID("6f1b7c3e-0d7a-4d57-9a57-3b1f6f0d2a10")


def _bench_data():
    """bench/directory_data.py, loaded by path (bench is not a package on sys.path here); it puts
    its own folder on sys.path to import directory_names, which is undone afterwards."""
    saved = list(sys.path)
    try:
        path = REPO_ROOT / "bench" / "directory_data.py"
        spec = importlib.util.spec_from_file_location("etw_bench_directory_data", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path[:] = saved
    return module


# ---------------------------------------------------------------- the Achterberg family

FIRST_NAMES = ("Anke", "Bram", "Cor", "Daan", "Els", "Femke", "Geert", "Hanna", "Ilse", "Joost", "Karin", "Lotte",
               "Maarten", "Noor", "Pieter", "Roos", "Sanne", "Thijs", "Wouter", "Yvonne")
VARIANTS = ("Achterburg", "Achtenberg", "Agterberg", "Achterbergh", "Achterbeg", "Achterberk", "Echterberg")
FAMILY_SCHOOLS = [{"school_id": str(uuid.uuid5(NS, f"school-{i}")), "name": name, "town": town, "country": country,
                   "region": None, "education_levels": levels}
                  for i, (name, town, country, levels) in enumerate((
                      ("Achterberg College", "Zwolle", "NL", ["upper_secondary"]),
                      ("Basisschool De Regenboog", "Utrecht", "NL", ["primary"]),
                      ("Sint-Jozefscollege", "Gent", "BE", ["lower_secondary", "upper_secondary"]),
                      ("Montessori Lyceum", "Amsterdam", "NL", ["lower_secondary"])))]


def _family_snapshot(i, last_name):
    """Deterministic teachers named Achterberg (and near misses), shaped like identity's snapshots."""
    first = FIRST_NAMES[i % len(FIRST_NAMES)]
    state = "inactive" if i % 11 == 5 else "pending_validation" if i % 13 == 7 else "active_etwinner"
    schools = [dict(FAMILY_SCHOOLS[i % 4], validated=state == "active_etwinner" and i % 17 != 3)]
    if i % 5 == 0:
        schools.append(dict(FAMILY_SCHOOLS[(i + 1) % 4], validated=i % 10 == 0))
    return {"revision": 1, "username": f"{first.lower()}.{last_name.lower()}{i}",
            "display_name": f"{first} {last_name}", "first_name": first, "last_name": last_name,
            "member_type": "teacher", "state": state,
            "etwinning_validated": state == "active_etwinner", "profile_public": i % 3 != 1,
            "available_for_projects": i % 4 != 2, "languages": [["nl", "en"], ["nl", "de"], ["nl", "fr", "en"]][i % 3],
            "subjects": [["mathematics"], ["history", "geography"], ["foreign_languages"], ["art"]][i % 4],
            "age_groups": [["12-15"], ["16-19"], ["6-11", "12-15"]][i % 3],
            "ict_use": ("basic", "intermediate", "advanced", None)[i % 4], "has_picture": False,
            "schools": schools, "last_login_at": None}


# names in which a misspelling is found whole across a word boundary (see the test below)
ACROSS_WORDS = {"Schmit": ("Birgit", "Schmitt"), "Yilmas": ("Thomas", "Yılmaz")}


def _add_family(uow):
    for i in range(230):
        read_model.apply_user_snapshot(uow, uuid.uuid5(NS, f"achterberg-{i}"), _family_snapshot(i, "Achterberg"))
    for i, variant in enumerate(VARIANTS * 2):
        read_model.apply_user_snapshot(uow, uuid.uuid5(NS, f"variant-{i}"), _family_snapshot(i, variant))
    for name, (first, last) in list(ACROSS_WORDS.items()) + [("exact-Schmit", ("Lena", "Schmit"))]:
        snapshot = dict(_family_snapshot(0, last), first_name=first, display_name=f"{first} {last}",
                        username=f"{first}.{last}".lower())
        read_model.apply_user_snapshot(uow, uuid.uuid5(NS, f"across-{name}"), snapshot)


def _load_bench_rows(engine):
    """The benchmark generator's rows, inserted as they are (its own ``load`` uses COPY, which
    the eventlet-cooperative psycopg2 of the test process cannot do)."""
    from psycopg2.extras import execute_values

    bench = _bench_data()
    generator = bench.Generator(SEED, SCHOOLS, TEACHERS)

    def plain(row):
        return tuple(str(v) if isinstance(v, uuid.UUID) else v for v in row)

    schools = [plain(row) for row in generator.schools()]
    people, memberships = [], []
    for row, rows in generator.people():
        people.append(plain(row))
        memberships += [plain(m) for m in rows]
    conn = engine.raw_connection()
    try:
        with conn.cursor() as cur:
            for table, columns, rows in (("schools", bench.SCHOOL_COLUMNS, schools),
                                         ("people", bench.PEOPLE_COLUMNS, people),
                                         ("person_schools", ("user_id", "school_id", "validated"), memberships)):
                execute_values(cur, f"insert into {table} ({', '.join(columns)}) values %s", rows, page_size=2000)
        conn.commit()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def Session(pg_base):
    url = fresh_service_database(pg_base, f"directory_tiers_{os.getpid()}", SERVICE_DIR)
    try:
        engine = make_engine(url)
        try:
            _load_bench_rows(engine)
            Session = sessionmaker(bind=engine, expire_on_commit=False)
            run(Session, _add_family)
            with engine.connect() as conn:
                conn.execute(text("analyze"))
            yield Session
        finally:
            engine.dispose()
    finally:
        drop_database(url)


def _sql(Session, sql, **params):
    with Session() as session:
        # the reference reads every row: no index may decide what matches
        for setting in ("enable_indexscan", "enable_bitmapscan", "enable_indexonlyscan"):
            session.execute(text(f"set local {setting} = off"))
        return session.execute(text(sql), params).all()


@pytest.fixture(scope="module")
def world(Session):
    """Every row TwinFinder may look at, for the brute-force rankings."""
    people = {r.user_id: r for r in _sql(
        Session, "select user_id, searchable, validated, state, available, member_type, languages, subjects, "
                 "age_groups, ict_use, country from people")}
    memberships = _sql(Session, "select user_id, school_id, validated from person_schools")
    school_country = dict(_sql(Session, "select school_id, country from schools"))
    return SimpleNamespace(people=people, memberships=memberships, school_country=school_country)


def page_through(Session, fn, actor, limit, max_pages=None, **kwargs):
    """Every item a client sees following next_cursor from the first page to the last."""
    items, cursor, pages = [], None, 0
    while True:
        page = run(Session, fn, actor, limit=limit, cursor=cursor, **kwargs)
        pages += 1
        assert len(page["items"]) <= limit
        if page["next_cursor"]:
            assert len(page["items"]) == limit, "a page with a next cursor must be full"
        items += page["items"]
        cursor = page["next_cursor"]
        if cursor is None or (max_pages and pages == max_pages):
            return items
        assert pages < 2000, "paging does not end"


# ---------------------------------------------------------------- TwinFinder

PREFERENCES = ("languages", "subjects", "age_groups")
EXPLICIT = {"languages": "language", "subjects": "subject", "age_groups": "age_group"}


def _criteria(me, explicit):
    """My preferences, each replaced by the explicit criterion when one is given (R56)."""
    criteria = {column: list(explicit.get(EXPLICIT[column]) or getattr(me, column) or []) for column in PREFERENCES}
    criteria["ict_use"] = explicit.get("ict_use") or me.ict_use
    return criteria


def _tf_score(person, criteria):
    score = sum(D.WEIGHTS[column] * len(set(criteria[column]) & set(getattr(person, column) or []))
                for column in PREFERENCES)
    return score + (D.WEIGHTS["ict_use"] if criteria["ict_use"] and person.ict_use == criteria["ict_use"] else 0)


def _tf_candidate(person, me, criteria):
    if not (person.searchable and person.validated and person.state == "active_etwinner" and person.user_id != me):
        return False
    shared = [bool(set(criteria[column]) & set(getattr(person, column) or []))
              for column in ("languages", "subjects") if criteria[column]]
    return any(shared) if shared else True


def expected_teachers(world, me, criteria, country):
    ranked = [(p.user_id, _tf_score(p, criteria), bool(p.available)) for p in world.people.values()
              if _tf_candidate(p, me, criteria) and (country is None or p.country == country)]
    return sorted(ranked, key=lambda r: (-r[1], -r[2], r[0]))


def _green_schools(world):
    """R60: a school is green when any current (validated membership) teacher is validated,
    active and available, whether or not they match the criteria."""
    return {school_id for user_id, school_id, validated in world.memberships
            if validated and world.people[user_id].available and world.people[user_id].validated
            and world.people[user_id].state == "active_etwinner"}


def expected_schools(world, me, criteria, country):
    """Ranked schools; in map mode followed by the country's other schools with a validated,
    active teacher (none sharing a language or subject), ranked the same way (R58)."""
    greens = _green_schools(world)
    best, rest = {}, {}
    for user_id, school_id, validated in world.memberships:
        person = world.people[user_id]
        if not validated or (country is not None and world.school_country.get(school_id) != country):
            continue
        if _tf_candidate(person, me, criteria):
            best[school_id] = max(best.get(school_id, -1), _tf_score(person, criteria))
        elif country is not None and _tf_candidate(person, me, {**criteria, "languages": [], "subjects": []}):
            rest[school_id] = max(rest.get(school_id, -1), _tf_score(person, criteria))

    def ranked(scores):
        return sorted(((s, scores[s], s in greens) for s in scores), key=lambda r: (-r[1], -r[2], r[0]))

    return ranked(best) + ranked({s: score for s, score in rest.items() if s not in best})


def _pick(world, test):
    """The requester: the smallest id among people passing ``test`` (deterministic)."""
    return min(p.user_id for p in world.people.values() if test(p))


def _validated_in(country, test=lambda p: True):
    return lambda p: (p.searchable and p.validated and p.state == "active_etwinner" and p.country == country
                      and test(p))


def _filled(p):
    return bool(p.languages and p.subjects and p.age_groups and p.ict_use)


# (id, who asks, explicit criteria, map country, page size)
TWINFINDER_CASES = [
    ("own-DE", _validated_in("DE", lambda p: _filled(p) and len(p.languages) >= 2), {}, None, 100),
    ("own-TR-map", _validated_in("TR", _filled), {}, "TR", 30),
    ("own-IT-map", _validated_in("IT", _filled), {}, "IT", 8),
    ("own-FR-map-rich", _validated_in("FR", lambda p: len(p.languages) >= 3 and len(p.subjects) >= 2), {}, "FR", 9),
    ("pending-requester", lambda p: p.state == "pending_validation" and _filled(p), {}, "ES", 12),
    ("language-fr-map", _validated_in("ES", _filled), {"language": ["fr"]}, "FR", 20),
    ("subjects-ages-ict-map", _validated_in("PL", _filled),
     {"subject": ["mathematics", "physics"], "age_group": ["12-15", "16-19"], "ict_use": "advanced"}, "PL", 15),
    # ten values: the middle tiers have too many ways to miss points and ask per preference instead
    ("many-values-map", _validated_in("RO", _filled),
     {"language": ["ro", "en", "fr"], "age_group": ["6-11", "12-15"], "ict_use": "intermediate",
      "subject": ["foreign_languages", "mathematics", "language_and_literature", "primary_school_subjects"]}, "RO", 6),
    ("greek-map", _validated_in("GR"), {"language": ["el"]}, "GR", 3),
    ("no-preferences-map", lambda p: p.validated and not p.languages and not p.subjects, {}, "PL", 25),
    ("ict-and-age-only", lambda p: p.validated and not p.languages and not p.subjects,
     {"ict_use": "basic", "age_group": ["6-11"]}, "ES", 10),
    ("english-and-languages-map", _validated_in("NL"), {"language": ["en"], "subject": ["foreign_languages"]},
     "NL", 6),
]


def _twinfinder_case(world, case):
    name, who, explicit, country, limit = case
    me = world.people[_pick(world, who)]
    return me, explicit, country, limit


@pytest.mark.parametrize("kind", ["teachers", "schools"])
@pytest.mark.parametrize("case", TWINFINDER_CASES, ids=[c[0] for c in TWINFINDER_CASES])
def test_twinfinder_pages_through_exactly_the_brute_force_ranking(Session, world, case, kind, monkeypatch):
    """Every page, followed by its cursor, is the brute-force ranking's next slice: ids and
    scores, in order, no duplicates, no gaps."""
    me, explicit, country, limit = _twinfinder_case(world, case)
    taus = []  # the score floor of the tier each page was answered from
    tiers = DirectoryRepository._twinfinder_tiers

    def spy(self, criteria, params, query):
        rows = tiers(self, criteria, params, query)
        taus.append(params["tau"])
        return rows

    monkeypatch.setattr(DirectoryRepository, "_twinfinder_tiers", spy)
    criteria = _criteria(me, explicit)
    actor = Actor(user_id=str(me.user_id), roles=("user",))
    if kind == "teachers":
        fn, key = search.twinfinder_teachers, "user_id"
        expected = expected_teachers(world, me.user_id, criteria, country)
    else:
        fn, key = search.twinfinder_schools, "school_id"
        expected = expected_schools(world, me.user_id, criteria, country)
    assert len(expected) > 2 * limit, "the case must span several pages"

    items = page_through(Session, fn, actor, limit, country=country, **explicit)
    got = [(item[key], item["score"]) for item in items]
    assert len({i for i, _ in got}) == len(got), "an item came twice"
    want = [(i, float(score)) for i, score, _ in expected]
    if got != want:
        first = next(n for n, (a, b) in enumerate(zip(got + [None] * len(want), want + [None] * len(got))) if a != b)
        pytest.fail(f"{kind} for {case[0]} (criteria {criteria}, country {country}, limit {limit}): "
                    f"{len(got)} items, {len(want)} expected; first difference at #{first} "
                    f"(page {first // limit + 1}): got {got[first:first + 3]}, expected {want[first:first + 3]}")
    # what the card says: green exactly when ranked as available
    assert [item["available"] for item in items] == [available for _, _, available in expected]
    # and partnership is offered for green results to an eTwinner, between two schools (R60, R17, R108)
    mine = {school for user, school, _ in world.memberships if user == me.user_id}

    def schools_of(item_id):
        return {school for user, school, _ in world.memberships if user == item_id} if kind == "teachers" \
            else {item_id}

    offered = [available and D.is_eTwinner(me) and not mine & schools_of(i) for i, _, available in expected]
    assert [item["can_propose_partnership"] for item in items] == offered

    # small pages read only the first tiers: the same ranking, a prefix of it
    head = page_through(Session, fn, actor, 3, max_pages=4, country=country, **explicit)
    assert [(item[key], item["score"]) for item in head] == want[:12]
    if want[0][1] > 0:  # the tiers were used: some pages came from a tier before the last (every candidate)
        assert max(taus) > 0 and min(taus) == 0


def test_twinfinder_cases_are_varied(world):
    """The cases above mean something: scores spread over many levels (and one case where all
    score 0), and school ties that green breaks."""
    spread = set()
    for case in TWINFINDER_CASES:
        me, explicit, country, limit = _twinfinder_case(world, case)
        criteria = _criteria(me, explicit)
        ranked = expected_teachers(world, me.user_id, criteria, country)
        spread.add(len({score for _, score, _ in ranked}))
    assert max(spread) >= 8 and min(spread) == 1  # rich rankings, and the everyone-scores-0 case
    me, explicit, country, _ = _twinfinder_case(world, TWINFINDER_CASES[0])
    schools = expected_schools(world, me.user_id, _criteria(me, explicit), country)
    ties = {}
    for _, score, green in schools:
        ties.setdefault(score, set()).add(green)
    assert any(len(greens) == 2 for greens in ties.values())
    # some schools are green through a teacher who does not match (R60: the card's rule orders them)
    criteria = _criteria(me, explicit)
    green_by_match = {school_id for user_id, school_id, validated in world.memberships
                      if validated and world.people[user_id].available
                      and _tf_candidate(world.people[user_id], me.user_id, criteria)}
    assert any(green and school_id not in green_by_match for school_id, _, green in schools)
    # and map mode reaches schools whose teachers share no language or subject (R58)
    beyond = 0
    for case in TWINFINDER_CASES:
        me, explicit, country, _ = _twinfinder_case(world, case)
        if country:
            criteria = _criteria(me, explicit)
            matched = {s for s, _, _ in expected_schools(world, me.user_id, criteria, None)}
            beyond += sum(s not in matched for s, _, _ in expected_schools(world, me.user_id, criteria, country))
    assert beyond > 0


# ---------------------------------------------------------------- people and school search

def _best_word_similarity(word, column, vocabulary, slips):
    """SQL: the similarity of a query word to a text, word by word: that of the text's most similar
    word among the SIMILAR_WORDS of the vocabulary closest to the query word (those reaching
    domain.WORD_SIMILARITY, the most similar first, then alphabetically), and among its typing
    slips (``slips``: the words of _slipped), which count as matched (at least
    WORD_SIMILARITY); 0 when there is none."""
    closest = (f"select v.word from {vocabulary} v where word_similarity({word}, v.word) >= {D.WORD_SIMILARITY} "
               f"order by word_similarity({word}, v.word)::float8 desc, v.word "
               f"limit {DirectoryRepository.SIMILAR_WORDS}")
    slipped = f"x = any(cast({slips} as text[]))"
    return (f"coalesce((select max(case when {slipped} then greatest(word_similarity({word}, x), "
            f"{D.WORD_SIMILARITY})::float8 else word_similarity({word}, x)::float8 end) "
            f"from unnest(string_to_array({column}, ' ')) x where x in ({closest}) or {slipped}), 0)")


def _slipped(Session, vocabulary, words):
    """Of the typing slips (domain.typo_variants) of each word no text has whole, the
    SIMILAR_WORDS in the vocabulary that most texts have (then alphabetically)."""
    known = {w for (w,) in _sql(Session, f"select word from {vocabulary} where word = any(:w)", w=list(words))}
    return [[] if word in known else
            [w for (w,) in _sql(Session, f"select word from {vocabulary} where word = any(:v) order by occurrences "
                                         f"desc, word limit {DirectoryRepository.SIMILAR_WORDS}",
                                v=D.typo_variants(word))] for word in words]


def reference_people(Session, words, *, public_only=False, country=None, language=None, school_words=()):
    """Every searchable person with the similarity of each query word to their name, ranked by
    the definition; computed from all rows in one query."""
    params = {f"w{i}": w for i, w in enumerate(words)} | {f"s{i}": w for i, w in enumerate(school_words)} | \
        {f"v{i}": slips for i, slips in enumerate(_slipped(Session, "people_vocabulary", words))}
    sims = ", ".join([f"{_best_word_similarity(f':w{i}', 'search_text', 'people_vocabulary', f':v{i}')} as s{i}"
                      for i in range(len(words))] +
                     [f"word_similarity(:s{i}, school_text)::float8 as t{i}" for i in range(len(school_words))])
    where = ["searchable"]
    if public_only:
        where.append("profile_public")
    if country:
        where.append("country = :country")
        params["country"] = country
    if language:
        where.append(":language = any(languages)")
        params["language"] = language
    rows = _sql(Session, f"select *, {_total(words)} as score from (select user_id as id, search_text, {sims} "
                         f"from people where {' and '.join(where)}) r", **params)
    return _rank(rows, words, [f"t{i}" for i in range(len(school_words))],
                 _phrase_ranked(Session, words, "people_vocabulary"))


def _total(words):
    # the sum of the similarities as PostgreSQL adds them (in this order), so scores compare exactly
    return "(" + " + ".join(f"s{i}" for i in range(len(words))) + ")::float8"


def reference_schools(Session, words, *, town_words=(), country=None):
    params = {f"w{i}": w for i, w in enumerate(words)} | {f"t{i}": w for i, w in enumerate(town_words)} | \
        {f"v{i}": slips for i, slips in enumerate(_slipped(Session, "schools_vocabulary", words))} | \
        {f"u{i}": slips for i, slips in enumerate(_slipped(Session, "schools_vocabulary", town_words))}
    sims = ", ".join([f"{_best_word_similarity(f':w{i}', 'search_text', 'schools_vocabulary', f':v{i}')} as s{i}"
                      for i in range(len(words))] +
                     [f"{_best_word_similarity(f':t{i}', 'search_text', 'schools_vocabulary', f':u{i}')} as t{i}"
                      for i in range(len(town_words))])
    where = "country = :country" if country else "true"
    rows = _sql(Session, f"select *, {_total(words)} as score from (select school_id as id, search_text, {sims} "
                         f"from schools where {where}) r", country=country, **params)
    return _rank(rows, words, [f"t{i}" for i in range(len(town_words))],
                 _phrase_ranked(Session, words, "schools_vocabulary"))


def _phrase_ranked(Session, words, vocabulary):
    """Whether the phrase bonus applies: several words, the rarest in at most PHRASE_RANKED_UP_TO
    texts (every row of the table counted, as the vocabulary counts them)."""
    counts = dict(_sql(Session, f"select word, occurrences from {vocabulary} where word = any(:w)", w=list(words)))
    return len(words) > 1 and min(counts.get(w, 0) for w in words) <= DirectoryRepository.PHRASE_RANKED_UP_TO


def _rank(rows, words, filters, phrase_ranked=True):
    """matched = words with similarity >= WORD_SIMILARITY; rows matching none are not results;
    approximate filters (school, town) need every one of their words matched."""
    ranked = []
    for row in rows:
        if not all(getattr(row, f) >= D.WORD_SIMILARITY for f in filters):
            continue
        matched = sum(getattr(row, f"s{i}") >= D.WORD_SIMILARITY for i in range(len(words)))
        if matched:
            wholes = len(set(words) & set(row.search_text.split()))
            # A25: several words as written, in order, score PHRASE_BONUS more
            as_phrase = phrase_ranked and f" {' '.join(words)} " in f" {row.search_text} "
            ranked.append(SimpleNamespace(id=row.id, matched=matched, whole=wholes == len(words), wholes=wholes,
                                          score=row.score + (D.PHRASE_BONUS if as_phrase else 0)))
    ranked.sort(key=lambda r: (-r.matched, -r.wholes, -r.score, r.id))
    return ranked


TIERS = ("whole words", "every word", "some words", "some words, those whole")


def _tier(matched, wholes, k, names):
    """The windows the ranking is read in (DirectoryRepository._ranked): with people's names of two
    or three words, those matching some of the words have them all whole or not, each part a
    window of its own."""
    if wholes == k:
        return TIERS[0]
    if matched == k:
        return TIERS[1]
    return TIERS[3] if names and k in (2, 3) and wholes == matched else TIERS[2]


def check_ranking(items, reference, words, key, complete=TIERS):
    """What a client paged through, against the reference ranking. Always: every result is a
    match, scored as the definition says, shown once, in ranking order across pages, and every
    whole-word match comes first. Each approximate tier (every word matched, not all whole; some
    words matched) of fewer than SEARCH_WINDOW rows is complete too: then it is exactly that
    range of the reference. (School cards show no matched words: the reference says them.)"""
    k = len(words)
    by_id = {r.id: r for r in reference}
    got = [(item[key], item["matched_words"] if "matched_words" in item else
            getattr(by_id.get(item[key]), "matched", None), item["score"]) for item in items]
    assert len({g[0] for g in got}) == len(got), "an item came twice"
    wrong = [g for g in got if g[0] not in by_id or (by_id[g[0]].matched, by_id[g[0]].score) != g[1:]]
    assert not wrong, f"{words}: not matches, or wrongly scored: {wrong[:3]} (expected " \
                      f"{[(by_id[w[0]].matched, by_id[w[0]].score) if w[0] in by_id else None for w in wrong[:3]]})"
    assert got == sorted(got, key=lambda g: (-g[1], -by_id[g[0]].wholes, -g[2], g[0])), \
        "results out of order across pages"
    assert all(r.matched == k and r.score in (k, k + D.PHRASE_BONUS) for r in reference if r.whole), \
        "a whole word has similarity 1"
    names = key == "user_id"
    shown = [_tier(g[1], by_id[g[0]].wholes, k, names) for g in got]
    for tier in TIERS:
        want = [(r.id, r.matched, r.score) for r in reference if _tier(r.matched, r.wholes, k, names) == tier]
        part = [g for g, t in zip(got, shown) if t == tier]
        if tier in complete and (tier == TIERS[0] or len(want) < WINDOW) and part != want:
            first = next(n for n, (a, b) in enumerate(zip(part + [None] * len(want), want + [None] * len(part)))
                         if a != b)
            pytest.fail(f"{words}, tier '{tier}': {len(part)} shown of {len(want)} (reference: {len(reference)} "
                        f"matches, {sum(r.whole for r in reference)} of them whole words); first difference at "
                        f"#{first} of the tier: got {part[first:first + 2]}, expected {want[first:first + 2]}")


def _search_people(Session, q, limit, actor=SIGNED_IN, **filters):
    return page_through(Session, search.search_people, actor, limit, q=q, **filters)


def test_an_exact_name_pages_through_every_namesake_in_id_order(Session):
    for q, limit in (("Maria", 20), ("Achterberg", 15), ("ACHTERBERG", 40)):
        words = D.query_words(q)
        reference = reference_people(Session, words)
        namesakes = [r.id for r in reference if r.whole]
        assert len(namesakes) > 5 * limit and len(reference) > WINDOW  # many pages; approximations windowed
        assert not any(r.score == 1 for r in reference if not r.whole)  # so the namesakes alone rank first
        items = _search_people(Session, q, limit)
        check_ranking(items, reference, words, "user_id", complete=TIERS[:1])
        assert [i["user_id"] for i in items[:len(namesakes)]] == namesakes
        assert all(i["matched_words"] == 1 and i["score"] == 1.0 for i in items[:len(namesakes)])
        assert all(i["score"] < 1.0 for i in items[len(namesakes):])
    # more namesakes than the approximate tiers' window: still every one of them
    assert len([r for r in reference_people(Session, ["achterberg"]) if r.whole]) > WINDOW


def test_namesakes_do_not_crowd_out_the_approximate_matches(Session):
    """More than SEARCH_WINDOW people named Achterberg, and a few near misses (Achterbergh at 0.91,
    Achterberk, Achterbeg...): fewer approximate matches than the window, so they must all be
    ranked after the namesakes, as a misspelt query would find them."""
    words = ["achterberg"]
    reference = reference_people(Session, words)
    approximate = [r for r in reference if not r.whole]
    assert sum(r.whole for r in reference) + len(approximate) > WINDOW and 5 < len(approximate) < WINDOW
    check_ranking(_search_people(Session, "Achterberg", 50), reference, words, "user_id")


@pytest.mark.parametrize("q", sorted(ACROSS_WORDS))
def test_a_match_is_one_word_of_the_name_never_a_run_across_words(Session, q):
    """Every trigram of 'schmit' is in 'schmitt birgit' (the last, 'it ', from 'birgit'), so
    word_similarity over the whole name would give Birgit Schmitt 1, as for a whole word. Matching
    is word by word: she is found through 'schmitt', with that word's similarity, after the
    people actually named Schmit (Lena Schmit), and no one but them scores 1."""
    words = D.query_words(q)
    reference = reference_people(Session, words)
    across = uuid.uuid5(NS, f"across-{q}")
    last_name = ACROSS_WORDS[q][1].replace("ı", "i").lower()
    similarity = _sql(Session, "select word_similarity(:q, :w)::float8 as s", q=words[0], w=last_name)[0].s
    exact = [r.id for r in reference if r.whole]
    assert exact == ([uuid.uuid5(NS, "across-exact-Schmit")] if q == "Schmit" else [])
    assert {r.id: r.score for r in reference}[across] == similarity < 1.0
    shown = [(i["user_id"], i["score"]) for i in _search_people(Session, q, 200)]
    assert [i for i, score in shown if score == 1.0] == exact
    assert (across, similarity) in shown


@pytest.mark.parametrize("q, limit, filters", [
    ("Muler", 7, {}),                    # a dropped letter: Müller
    ("Mueller", 11, {}),                 # the German spelling of Müller
    ("Martinez", 9, {}),                 # unaccented: the namesakes first, then near ones
    ("Schmit", 5, {}),
    ("Kowalsky", 3, {}),
    ("Yilmas", 8, {}),
    ("Papadopulos", 1, {}),
    ("Garcai", 4, {}),                   # two letters swapped
    ("Achterbreg", 13, {"public_only": True}),
    ("Muler", 6, {"public_only": True}),
    ("Muler", 5, {"country": "DE"}),
    ("Rosi", 6, {"language": "it"}),
], ids=lambda v: str(v) if not isinstance(v, dict) else "-".join(f"{k}={v}" for k, v in v.items()) or "all")
def test_misspelt_names_rank_exactly_as_word_similarity_says(Session, q, limit, filters):
    words = D.query_words(q)
    filters = dict(filters)
    public_only = filters.pop("public_only", False)
    reference = reference_people(Session, words, public_only=public_only, **filters)
    assert 3 * limit < len(reference) < WINDOW  # several pages, all within the window
    assert any(not r.whole for r in reference)  # approximate matches
    items = _search_people(Session, q, limit, actor=ANONYMOUS if public_only else SIGNED_IN, **filters)
    check_ranking(items, reference, words, "user_id")
    assert [(i["user_id"], i["matched_words"], i["score"]) for i in items] == \
        [(r.id, r.matched, r.score) for r in reference]


@pytest.mark.parametrize("q, limit, filters", [
    ("Maria Garcia", 20, {}),
    ("Maria Garcia", 9, {"country": "ES"}),
    ("María García", 9, {"country": "ES", "language": "es"}),
    ("Fatma Yilmaz", 30, {}),
    ("Fatma Yilmaz", 3, {"school": "Ankara"}),
    ("Sabine Muler", 25, {}),
    ("Sanne Achterberg", 40, {}),
    ("Sanne Achterburg", 20, {"public_only": True}),
    ("Carmen Garcia Rodriguez", 10, {"country": "ES"}),
], ids=lambda v: str(v) if not isinstance(v, dict) else "-".join(f"{k}={v}" for k, v in v.items()) or "all")
def test_people_matching_every_word_come_before_those_matching_some(Session, q, limit, filters):
    words = D.query_words(q)
    assert len(words) > 1
    filters = dict(filters)
    public_only = filters.pop("public_only", False)
    school = filters.pop("school", None)
    reference = reference_people(Session, words, public_only=public_only, school_words=D.query_words(school), **filters)
    levels = [r.matched for r in reference]
    assert levels.count(len(words)) >= 1 and levels.count(1) > limit
    items = _search_people(Session, q, limit, actor=ANONYMOUS if public_only else SIGNED_IN, school=school, **filters)
    check_ranking(items, reference, words, "user_id")
    matched = [i["matched_words"] for i in items]
    assert matched == sorted(matched, reverse=True)
    assert matched.count(len(words)) == levels.count(len(words))


def test_names_missing_one_word_are_all_shown_before_those_matching_one(Session):
    """'Sanne Achterberg Bakker': a dozen people are Sanne Achterberg (two words of three), and
    hundreds match one word (every Achterberg, every Sanne). The two-word matches rank within
    a window of their own, so all of them are shown, right after anyone matching all three."""
    q = "Sanne Achterberg Bakker"
    words = D.query_words(q)
    reference = reference_people(Session, words)
    two = [(r.id, r.matched, r.score) for r in reference if r.matched == 2]
    assert 5 < len(two) < WINDOW and sum(r.matched == 1 for r in reference) > WINDOW
    items = _search_people(Session, q, 10)
    check_ranking(items, reference, words, "user_id")
    shown = [(i["user_id"], i["matched_words"], i["score"]) for i in items]
    assert [s for s in shown if s[1] == 2] == two
    assert shown[:len(shown) - sum(s[1] == 1 for s in shown)] == [s for s in shown if s[1] >= 2]


def test_public_search_and_filters_never_show_what_they_exclude(Session):
    """The private, the inactive and the filtered-out namesakes exist, and never appear."""
    namesakes = "string_to_array(search_text, ' ') @> array['achterberg']"
    private = {r.user_id for r in _sql(Session, f"select user_id from people where searchable and not profile_public "
                                                f"and {namesakes}")}
    hidden = {r.user_id for r in _sql(Session, f"select user_id from people where not searchable and {namesakes}")}
    assert len(private) > 50 and len(hidden) > 10
    public = {i["user_id"] for i in _search_people(Session, "Achterberg", 100, actor=ANONYMOUS)}
    everyone = {i["user_id"] for i in _search_people(Session, "Achterberg", 100)}
    assert public and not public & private and private <= everyone and not everyone & hidden
    in_de = _search_people(Session, "Muller", 10, country="DE", language="de")
    people = {r.user_id: r for r in _sql(Session, "select user_id, country, languages from people")}
    assert in_de and all(people[i["user_id"]].country == "DE" and "de" in people[i["user_id"]].languages
                         for i in in_de)


@pytest.mark.parametrize("q, town, limit, country", [
    ("Grundschule", "Berlin", 3, None),
    ("Grundschule", None, 7, None),
    ("Gimnasium", None, 6, None),         # misspelt Gymnasium / Gimnazjum
    ("Liceo Scientifico", "Roma", 2, None),
    ("Liceo Scientifico", None, 5, "IT"),
    ("Ecole Elementaire", "Paris", 3, None),
    ("Szkola Podstawowa", None, 4, "PL"),
    ("Lycee", None, 5, "FR"),
    ("Achterberg College", None, 4, None),
])
def test_school_search_ranks_exactly_as_word_similarity_says(Session, q, town, limit, country):
    words, town_words = D.query_words(q), D.query_words(town)
    reference = reference_schools(Session, words, town_words=town_words, country=country)
    assert 2 * limit < len(reference) < WINDOW
    items = page_through(Session, search.search_schools, SIGNED_IN, limit, q=q, town=town, country=country)
    check_ranking(items, reference, words, "school_id")
    assert [(i["school_id"], i["score"]) for i in items] == [(r.id, r.score) for r in reference]


def test_the_words_as_written_come_first_among_those_having_every_word(Session, monkeypatch):
    """A25's exact-phrase bonus: among the people having every word of "Maria Garcia" whole, those
    named so, in that order (María García López), rank before the others (María López García),
    across pages; asked the other way round, no one has the words as written. Where the rarest
    word is too common to sort every namesake (PHRASE_RANKED_UP_TO), they come in id order."""
    k, bonus = 2, D.PHRASE_BONUS
    kinds = {}
    for q in ("Maria Garcia", "Garcia Maria"):
        words = D.query_words(q)
        assert _phrase_ranked(Session, words, "people_vocabulary")
        reference = reference_people(Session, words)
        whole = [r for r in reference if r.whole]
        kinds[q] = ([r.id for r in whole if r.score == k + bonus], [r.id for r in whole if r.score == k])
        items = _search_people(Session, q, 7)
        check_ranking(items, reference, words, "user_id", complete=TIERS[:1])
        assert [i["user_id"] for i in items[:len(whole)]] == kinds[q][0] + kinds[q][1]
    (as_written, others), (reversed_as_written, reversed_others) = kinds["Maria Garcia"], kinds["Garcia Maria"]
    assert as_written and others, "the data must hold both kinds"
    assert reversed_as_written == [] and sorted(reversed_others) == sorted(as_written + others)

    monkeypatch.setattr(DirectoryRepository, "PHRASE_RANKED_UP_TO", 1)  # "maria" and "garcia" are common now
    words = D.query_words("Maria Garcia")
    reference = reference_people(Session, words)
    assert not _phrase_ranked(Session, words, "people_vocabulary")
    items = _search_people(Session, "Maria Garcia", 7)
    check_ranking(items, reference, words, "user_id", complete=TIERS[:1])
    assert [i["user_id"] for i in items[:len(as_written + others)]] == sorted(as_written + others)


def test_a_name_with_a_letter_left_out_or_two_swapped_finds_the_people_so_named(Session):
    """One typing slip in a name of five letters or more (Duont, Gracia, Schnieder) shares too
    few trigrams with the name to reach WORD_SIMILARITY; search finds the name all the same,
    ranked as the definition says."""
    names = [w for (w,) in _sql(Session, "select word from people_vocabulary where length(word) between 6 and 9 "
                                         "and word ~ '^[a-z]+$' order by occurrences desc, word limit 6")]
    assert len(names) == 6
    for name in names:
        middle = len(name) // 2
        for slip in (name[:middle] + name[middle + 1:], name[:middle - 1] + name[middle] + name[middle - 1] +
                     name[middle + 1:]):
            if slip == name:
                continue
            items = _search_people(Session, slip, 50)
            check_ranking(items, reference_people(Session, [slip]), [slip], "user_id", complete=())
            found = {i["user_id"] for i in items}
            named = {r.id for r in _sql(Session, "select user_id as id from people where searchable and "
                                                 ":n = any(string_to_array(search_text, ' '))", n=name)}
            assert found & named, f"{slip!r} finds nobody named {name!r}"
