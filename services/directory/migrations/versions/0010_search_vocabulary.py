"""search: names matched word by word, through a vocabulary of their words; usernames not searched

A misspelt name ("Sacnhez") was found by a trigram index over the whole search text of every
person: the index yields every row sharing half the query's trigrams (all the Sánchez, for
whom the similarity then comes out too low), and each is read and its similarity computed, 25
ms for one word at 1.2 million people; three common words took 20 ms in the index alone.

Now the approximate part looks at distinct words only. ``people_vocabulary`` and
``schools_vocabulary`` hold every distinct word of the search texts with the number of rows
having it, kept by triggers whatever writes the rows, and a trigram index: the words close to a
query word come from there, and the rows having them from a GIN index on the array of each
row's words. A word leaves the vocabulary with the last row having it (an erased name leaves
nothing behind).

Usernames leave the people's search text: usernames made of names ("mgarcia84") made the
vocabulary as large as the table, and people search is by name (R49). Existing rows keep the
words of their display name and drop the others that come from the username; the next snapshot
of each person writes the text afresh.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-27 10:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

VOCABULARIES = (("people_vocabulary", "people", "user_id"), ("schools_vocabulary", "schools", "school_id"))


def upgrade():
    _drop_username_words()
    for vocabulary, owner, key in VOCABULARIES:
        op.create_table(vocabulary,
                        sa.Column('word', sa.Text(), nullable=False),
                        sa.Column('occurrences', sa.Integer(), nullable=False),
                        sa.PrimaryKeyConstraint('word'))
        op.execute(f"create index {vocabulary}_trgm on {vocabulary} using gin (word gin_trgm_ops)")
        # The change of each word's count, applied in word order (two writers lock the same
        # words in the same order: no deadlock); a word whose count reaches 0 is removed.
        op.execute(f"""
            create function {vocabulary}_sync() returns trigger language plpgsql as $$
            declare
                before text[] := case when tg_op = 'INSERT' then '{{}}' else string_to_array(old.search_text, ' ') end;
                after text[] := case when tg_op = 'DELETE' then '{{}}' else string_to_array(new.search_text, ' ') end;
            begin
                if tg_op = 'UPDATE' and new.search_text is not distinct from old.search_text then
                    return null;
                end if;
                insert into {vocabulary} as v (word, occurrences)
                    select word, sum(delta)::int from (
                        select distinct word, -1 as delta from unnest(before) word
                        union all select distinct word, 1 from unnest(after) word) change
                    where word <> '' group by word having sum(delta) <> 0 order by word
                on conflict (word) do update set occurrences = v.occurrences + excluded.occurrences;
                delete from {vocabulary} where word = any(before) and occurrences <= 0;
                return null;
            end $$""")
        op.execute(f"create trigger {vocabulary}_sync after insert or delete or update of search_text on {owner} "
                   f"for each row execute function {vocabulary}_sync()")
        op.execute(f"insert into {vocabulary} (word, occurrences) select word, count(*) from "
                   f"(select distinct word, {key} from {owner}, unnest(string_to_array(search_text, ' ')) word) w "
                   "where word <> '' group by word")
        op.execute(f"analyze {vocabulary}")
    op.execute("create index if not exists people_search_words on people "
               "using gin (string_to_array(search_text, ' ')) where searchable")
    op.execute("create index if not exists schools_search_words on schools using gin (string_to_array(search_text, ' '))")
    op.execute("drop index if exists people_search_trgm")
    op.execute("drop index if exists schools_search_trgm")
    op.execute("analyze people")
    op.execute("analyze schools")


def _drop_username_words():
    """Each person's search text without the words that only the username brought."""
    from directory.domain import normalise

    conn = op.get_bind()
    rows = conn.execute(sa.text("select user_id, username, display_name, search_text from people "
                                "where username is not null")).all()
    changed = []
    for user_id, username, display_name, search_text in rows:
        from_username = set(normalise(username).split()) - set(normalise(display_name).split())
        kept = " ".join(w for w in search_text.split() if w not in from_username)
        if kept != search_text:
            changed.append({"id": user_id, "text": kept})
    for start in range(0, len(changed), 5000):
        conn.execute(sa.text("update people set search_text = :text where user_id = :id"),
                     changed[start:start + 5000])


def downgrade():
    op.execute("create index if not exists people_search_trgm on people "
               "using gin (search_text gin_trgm_ops) where searchable")
    op.execute("create index if not exists schools_search_trgm on schools using gin (search_text gin_trgm_ops)")
    op.execute("drop index if exists people_search_words")
    op.execute("drop index if exists schools_search_words")
    for vocabulary, owner, _ in VOCABULARIES:
        op.execute(f"drop trigger if exists {vocabulary}_sync on {owner}")
        op.execute(f"drop function if exists {vocabulary}_sync()")
        op.drop_table(vocabulary)
