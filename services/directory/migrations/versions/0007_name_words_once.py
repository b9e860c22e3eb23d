"""people's search text keeps each word once

``search_text`` was the first name, last name, display name and username one after the other,
so most names came twice. Every approximate match computes word_similarity over the whole
text, in time linear in its length: a misspelt common surname rechecks thousands of rows, and
did it over twice the text needed. The words now come once each, in the same order
(``directory.domain.name_text``); the set of words, and so the search postings, do not change,
so their trigger stays off meanwhile.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26 18:00:00
"""
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("alter table people disable trigger person_words_sync")
    op.execute("""
        update people p set search_text = once.text
        from (select user_id, string_agg(word, ' ' order by first) as text
              from (select user_id, word, min(n) as first
                    from people, unnest(string_to_array(search_text, ' ')) with ordinality as w(word, n)
                    group by user_id, word) words
              group by user_id) once
        where once.user_id = p.user_id and once.text <> p.search_text""")
    op.execute("alter table people enable trigger person_words_sync")
    op.execute("analyze people")


def downgrade():
    pass  # the longer text matched the same rows; a replay of identity's events rebuilds it either way
