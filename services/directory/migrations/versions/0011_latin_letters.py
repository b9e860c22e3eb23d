"""search: names and schools in other scripts also searchable in Latin letters

A teacher typing "Shevchenko" did not find "Шевченко", nor "Kharkiv" the schools of "Харків":
the search texts held each word as written. ``directory.domain.search_words`` now adds, for
each word in another script, the same word in Latin letters (anyascii). Existing rows having
such words get them here; new snapshots write them anyway. The triggers of 0006 and 0010 keep
the postings and the vocabularies in step.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-27 11:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

OTHER_SCRIPT = "~ '[^ -~]'"  # a character outside printable ASCII: search texts hold only words and spaces


def upgrade():
    from directory.domain import school_text, search_words

    conn = op.get_bind()
    people = conn.execute(sa.text(f"select user_id, search_text, schools from people where search_text {OTHER_SCRIPT} "
                                  f"or school_text {OTHER_SCRIPT}")).all()
    _update(conn, "people", "user_id", [
        {"id": user_id, "search_text": " ".join(search_words(search_text)),
         "school_text": " ".join(school_text(s["name"], s.get("town")) for s in schools or [])}
        for user_id, search_text, schools in people])
    schools = conn.execute(sa.text(f"select school_id, name, town from schools where search_text {OTHER_SCRIPT}")).all()
    _update(conn, "schools", "school_id", [{"id": school_id, "search_text": school_text(name, town)}
                                           for school_id, name, town in schools])


def _update(conn, table, key, rows):
    if not rows:
        return
    columns = ", ".join(f"{column} = :{column}" for column in rows[0] if column != "id")
    for start in range(0, len(rows), 5000):
        conn.execute(sa.text(f"update {table} set {columns} where {key} = :id"), rows[start:start + 5000])


def downgrade():
    pass  # the Latin forms are extra words: harmless to an older version, gone with the next snapshot
