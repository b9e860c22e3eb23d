"""directory's search read model is built only from identity's events: emptied and rebuilt
by replaying them, it comes back the same, with erased people still absent."""
import subprocess
import sys
import time

import pytest
from sqlalchemy import create_engine, text

pytestmark = pytest.mark.system

SNAPSHOT = {
    "people": "select user_id, revision, display_name, state, validated, profile_public, available, searchable, "
              "languages, subjects, age_groups, country, search_text, school_text from people order by user_id",
    "schools": "select school_id, name, town, country, search_text from schools order by school_id",
    "person_schools": "select user_id, school_id, validated from person_schools order by user_id, school_id",
    # what search reads besides the rows, kept by triggers: the words' postings and vocabularies
    "person_words": "select word, user_id from person_words order by word, user_id",
    "people_vocabulary": "select word, occurrences from people_vocabulary order by word",
    "schools_vocabulary": "select word, occurrences from schools_vocabulary order by word",
}


def read_model(engine):
    with engine.connect() as conn:
        return {name: [tuple(r) for r in conn.execute(text(sql))] for name, sql in SNAPSHOT.items()}


def test_replaying_identity_events_rebuilds_the_same_read_model(stack, register_teacher, api, mailbox):
    register_teacher(country="GR", first_name="Ελένη", last_name="Παπαδοπούλου")
    gone = register_teacher(country="CY", validated=False)
    assert gone.post("/api/v1/me/deletion-request").status_code == 202
    from tests.conftest import Mailbox

    token = Mailbox.link_token(mailbox.wait_for(gone.email, "delet"))
    assert api.post("/api/v1/account-deletions/confirm", json={"token": token}).status_code == 200

    engine = create_engine(stack.db_url("directory"))
    time.sleep(1.5)  # let the last events settle
    before = read_model(engine)
    assert before["people"], "the read model holds the registered teachers"

    run = lambda *cmd: subprocess.run([sys.executable, "-m", *cmd], env=stack.env(), check=True,  # noqa: E731
                                      capture_output=True, text=True)
    run("directory.manage", "reset-read-model")
    assert read_model(engine)["people"] == []
    run("identity.manage", "republish")

    deadline = time.monotonic() + 30
    while (after := read_model(engine)) != before:
        if time.monotonic() > deadline:
            diff = {name: [r for r in before[name] + after[name] if (r in before[name]) != (r in after[name])]
                    for name in before}
            pytest.fail(f"the replay did not rebuild the same read model: {diff}")
        time.sleep(0.5)
    engine.dispose()
