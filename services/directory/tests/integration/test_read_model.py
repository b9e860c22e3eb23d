"""The read model on a real database: idempotent, order-tolerant, erasure is final."""
import uuid

from directory.db import DirectoryRepository, OutboxMessage
from directory.use_cases import read_model, search
from etwinning_contracts.actor import SYSTEM, Actor
from etwinning_contracts.runtime.clock import SystemClock
from etwinning_contracts.runtime.db import UnitOfWork

from .people import run


def snapshot(revision, last_name="Müller", state="active_etwinner", public=True):
    school = {"school_id": str(uuid.uuid5(uuid.NAMESPACE_DNS, "gymnasium")), "name": "Gymnasium Am Dom",
              "town": "Köln", "country": "DE", "region": None, "education_levels": ["upper_secondary"],
              "validated": True}
    return {"revision": revision, "username": "kmueller", "display_name": f"Klaus {last_name}", "first_name": "Klaus",
            "last_name": last_name, "member_type": "teacher", "state": state, "etwinning_validated": True,
            "profile_public": public, "available_for_projects": True, "languages": ["de"], "subjects": ["history"],
            "age_groups": ["12-15"], "ict_use": None, "has_picture": False, "schools": [school],
            "last_login_at": None}


def names(Session, query, actor=Actor(user_id=str(uuid.uuid4()), roles=("user",))):
    page = run(Session, search.search_people, actor, q=query, limit=20)
    return [p["display_name"] for p in page["items"]]


def test_newer_snapshots_win_and_older_ones_are_ignored(Session):
    user_id = uuid.uuid4()
    assert run(Session, read_model.apply_user_snapshot, user_id, snapshot(2, "Müller"))
    assert not run(Session, read_model.apply_user_snapshot, user_id, snapshot(1, "Schmidt"))  # late, older
    assert not run(Session, read_model.apply_user_snapshot, user_id, snapshot(2, "Schmidt"))  # replayed
    assert "Klaus Müller" in names(Session, "Muller")
    assert names(Session, "Schmidt") == []
    run(Session, read_model.apply_user_snapshot, user_id, snapshot(3, "Müller", state="blocked"))
    assert names(Session, "Muller") == []  # blocked accounts leave search at once (R54)


def test_an_erased_person_never_comes_back(Session):
    user_id = uuid.uuid4()
    run(Session, read_model.apply_user_snapshot, user_id, snapshot(1, "Kowalczyk"))
    assert names(Session, "Kowalczyk")
    run(Session, read_model.erase_user, user_id)
    assert not run(Session, read_model.apply_user_snapshot, user_id, snapshot(5, "Kowalczyk"))
    assert names(Session, "Kowalczyk") == []


def test_ranking_puts_more_matched_words_first_and_forgives_typos(Session):
    for last in ("Smithenson", "Smith", "Johnson"):
        run(Session, read_model.apply_user_snapshot, uuid.uuid4(), snapshot(1, last))
    ranked = names(Session, "Klaus Smithenson")
    assert ranked[0] == "Klaus Smithenson"
    assert names(Session, "Smithensen")[0] == "Klaus Smithenson"  # one letter wrong


def test_public_search_sees_public_profiles_only(Session):
    run(Session, read_model.apply_user_snapshot, uuid.uuid4(), snapshot(1, "Verborgen", public=False))
    anonymous = Actor()
    assert names(Session, "Verborgen", anonymous) == []
    assert names(Session, "Verborgen") == ["Klaus Verborgen"]
    assert names(Session, "Verborgen", SYSTEM) == ["Klaus Verborgen"]  # another service, no person of its own


def test_the_words_of_a_name_follow_renames_and_erasure(Session):
    """Exact-name search reads the postings of each word (person_words), which triggers keep
    equal to the words of the name: a renamed person is found by the new name only, an erased
    one by neither, and no posting is left behind."""
    from sqlalchemy import text

    def postings(user_id):
        with Session() as session:
            return {r[0] for r in session.execute(text("select word from person_words where user_id = :u"),
                                                  {"u": user_id})}

    user_id = uuid.uuid4()
    run(Session, read_model.apply_user_snapshot, user_id, snapshot(1, "Wiśniewska-Nowak"))
    assert {"klaus", "wisniewska", "nowak"} <= postings(user_id)
    assert names(Session, "Klaus Nowak")[0] == "Klaus Wiśniewska-Nowak"
    assert names(Session, "Nowak") == ["Klaus Wiśniewska-Nowak"]
    run(Session, read_model.apply_user_snapshot, user_id, snapshot(2, "Zielińska"))
    assert "nowak" not in postings(user_id) and "zielinska" in postings(user_id)
    assert names(Session, "Nowak") == [] and names(Session, "Zielinska") == ["Klaus Zielińska"]
    run(Session, read_model.erase_user, user_id)
    assert postings(user_id) == set() and names(Session, "Zielinska") == []


def test_the_vocabulary_counts_the_words_of_names_and_forgets_an_erased_one(Session):
    """Typos are matched against the vocabulary of distinct name words, which triggers keep
    counted: a word shared by two people stays while one of them has it, a word only an erased
    person had leaves with them, and usernames are neither in it nor searched."""
    from sqlalchemy import text

    def vocabulary(*words):
        with Session() as session:
            return dict(session.execute(text("select word, occurrences from people_vocabulary where word = any(:w)"),
                                        {"w": list(words)}).all())

    first, second = uuid.uuid4(), uuid.uuid4()
    run(Session, read_model.apply_user_snapshot, first, dict(snapshot(1, "Quastenberg"), username="qzx-handle"))
    run(Session, read_model.apply_user_snapshot, second, snapshot(1, "Quastenberg Oyelaran"))
    assert vocabulary("quastenberg", "oyelaran", "qzx", "handle") == {"quastenberg": 2, "oyelaran": 1}
    assert names(Session, "qzx-handle") == []
    assert sorted(names(Session, "Quastenburg")) == ["Klaus Quastenberg", "Klaus Quastenberg Oyelaran"]
    assert names(Session, "Oyelarn") == ["Klaus Quastenberg Oyelaran"]
    run(Session, read_model.apply_user_snapshot, second, snapshot(2, "Oyelaran"))  # a rename
    assert vocabulary("quastenberg", "oyelaran") == {"quastenberg": 1, "oyelaran": 1}
    run(Session, read_model.erase_user, second)
    assert vocabulary("quastenberg", "oyelaran") == {"quastenberg": 1}
    assert names(Session, "Oyelarn") == [] and names(Session, "Oyelaran") == []


def test_a_name_in_another_script_is_found_in_latin_letters(Session):
    """A teacher in Ukraine registered as Тарас Шевченко: found by the name as written, by the
    name in Latin letters, misspelt or not, and with his school's town typed in Latin letters."""
    user_id = uuid.uuid4()
    school = {"school_id": str(uuid.uuid4()), "name": "Ліцей № 9", "town": "Харків", "country": "UA",
              "region": None, "education_levels": ["upper_secondary"], "validated": True}
    run(Session, read_model.apply_user_snapshot, user_id,
        dict(snapshot(1), display_name="Тарас Шевченко", first_name="Тарас", last_name="Шевченко",
             username="tshevchenko", schools=[school]))
    for query in ("Шевченко", "Shevchenko", "Taras Shevchenko", "Shevcenko"):
        assert "Тарас Шевченко" in names(Session, query), query
    page = run(Session, search.search_people, Actor(user_id=str(uuid.uuid4()), roles=("user",)), q="Shevchenko",
               school="Kharkiv", limit=20)
    assert [p["display_name"] for p in page["items"]] == ["Тарас Шевченко"]
    schools = run(Session, search.search_schools, Actor(), q="Litsei", town="Kharkiv", limit=20)
    assert [s["name"] for s in schools["items"]] == ["Ліцей № 9"]
    run(Session, read_model.apply_user_snapshot, uuid.uuid4(),
        dict(snapshot(1), display_name="Ольга Шевченко", first_name="Ольга", last_name="Шевченко", schools=[school]))
    assert names(Session, "Olga Shevchenko")[0] == "Ольга Шевченко"


def test_a_name_registered_in_latin_letters_is_found_by_a_query_in_another_script(Session):
    """A colleague types the name as it is written at home: 'Шевченко' finds the teacher who
    registered as Olena Shevchenko, and her school in Odesa by 'Одеса'."""
    user_id = uuid.uuid4()
    school = {"school_id": str(uuid.uuid4()), "name": "Lyceum 157", "town": "Odesa", "country": "UA",
              "region": None, "education_levels": ["upper_secondary"], "validated": True}
    run(Session, read_model.apply_user_snapshot, user_id,
        dict(snapshot(1), display_name="Olena Shevchenko", first_name="Olena", last_name="Shevchenko",
             username="oshevchenko", schools=[school]))
    assert "Olena Shevchenko" in names(Session, "Олена Шевченко")
    schools = run(Session, search.search_schools, Actor(), q="Lyceum", town="Одеса", limit=20)
    assert [s["name"] for s in schools["items"]] == ["Lyceum 157"]


def test_two_snapshots_of_a_new_account_applied_at_once_both_succeed(Session):
    """identity publishes a new account's snapshots quickly one after the other; two workers may
    apply them at the same moment. The second waits for the first's row instead of failing on
    the primary key (and being retried as a failed event)."""
    import eventlet

    user_id = uuid.uuid4()
    first = Session()
    try:
        uow = UnitOfWork(first, "directory", OutboxMessage, DirectoryRepository(first), SystemClock())
        assert read_model.apply_user_snapshot(uow, user_id, snapshot(1, "Parallel"))  # not committed yet
        second = eventlet.spawn(run, Session, read_model.apply_user_snapshot, user_id, snapshot(2, "Parallelo"))
        eventlet.sleep(0.3)
        assert not second.dead  # waiting on the first's row
        first.commit()
    finally:
        first.close()
    assert second.wait() is True
    assert names(Session, "Parallelo") == ["Klaus Parallelo"] and names(Session, "Parallel") == ["Klaus Parallelo"]


def test_an_erasure_and_a_snapshot_applied_at_once_leave_nothing_and_fail_nothing(Session):
    """identity sends user_changed (removed) and user_erased together; a late snapshot may race them."""
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    from sqlalchemy import text

    people = [uuid.uuid4() for _ in range(12)]
    for user_id in people:
        run(Session, read_model.apply_user_snapshot, user_id, snapshot(1, f"Racer{user_id.hex[:6]}"))
    barrier = Barrier(3)

    def at_once(work):
        barrier.wait()
        return work()

    for user_id in people:
        with ThreadPoolExecutor(3) as pool:
            answers = list(pool.map(at_once, [
                lambda: run(Session, read_model.erase_user, user_id),
                lambda: run(Session, read_model.apply_user_snapshot, user_id, snapshot(2, state="removed")),
                lambda: run(Session, read_model.apply_user_snapshot, user_id, snapshot(3, "Late"))]))
        assert len(answers) == 3  # none raised (a deadlock or a duplicate key would)
    with Session() as session:
        left = session.execute(text("select count(*) from people where user_id = any(:ids)"), {"ids": people}).scalar()
        erased = session.execute(text("select count(*) from erased_users where user_id = any(:ids)"),
                                 {"ids": people}).scalar()
    assert (left, erased) == (0, len(people))


def test_a_renamed_school_shows_its_new_name_on_its_teachers_cards(Session):
    """One school record, shown the same everywhere: a school_changed event renames the school
    in school search and on every card of its teachers, and people searched by their school (R50)
    are found by the new name, not by the old one."""
    user_id = uuid.uuid4()
    run(Session, read_model.apply_user_snapshot, user_id, snapshot(1, "Hansen"))
    school_id = str(uuid.uuid5(uuid.NAMESPACE_DNS, "gymnasium"))
    assert run(Session, read_model.apply_school, {
        "school_id": school_id, "name": "Gymnasium Domplatte", "town": "Köln-Nord", "country": "DE",
        "region": None, "education_levels": ["upper_secondary"], "revision": 2})

    actor = Actor(user_id=str(uuid.uuid4()), roles=("user",))
    [card] = run(Session, search.search_people, actor, q="Hansen", limit=20)["items"]
    assert [(s["name"], s["town"]) for s in card["schools"]] == [("Gymnasium Domplatte", "Köln-Nord")]
    assert run(Session, search.search_people, actor, school="Domplatte", limit=20)["items"]
    assert run(Session, search.search_people, actor, school="Am Dom", limit=20)["items"] == []
