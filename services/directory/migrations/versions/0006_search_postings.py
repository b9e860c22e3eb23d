"""search postings: the words of each name, one row per (word, id), in id order

The best rank people search gives is every query word found as a whole word of the name, and
those rows rank among themselves by id. A GIN index finds them but in no order, so a page of
the 700 people named Gomes meant reading all 700 rows to keep the 21 smallest ids (60 ms at 1.2
million people). Here each word has its postings in a btree, ordered by id: the page is the
first 21 entries, and several words are a merge of their postings (0.3 ms).

Triggers keep the postings of ``people`` and ``schools`` equal to the words of their
``search_text`` whatever writes it (the read model, a replay, a bulk load); rows leave with
their person or school (the foreign keys cascade). The GIN word indexes of 0004 are replaced.

Revision ID: 0006
Revises: 0004
Create Date: 2026-11-26 17:30:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0006'
down_revision = '0004'
branch_labels = None
depends_on = None

POSTINGS = (("person_words", "user_id", "people"), ("school_words", "school_id", "schools"))


def upgrade():
    for table, key, owner in POSTINGS:
        op.create_table(table,
                        sa.Column('word', sa.Text(), nullable=False),
                        sa.Column(key, sa.Uuid(), nullable=False),
                        sa.ForeignKeyConstraint([key], [f'{owner}.{key}'], ondelete='CASCADE'),
                        sa.PrimaryKeyConstraint('word', key))
        op.create_index(f"{table}_by_{key.split('_')[0]}", table, [key])
        op.execute(f"""
            create function {table}_sync() returns trigger language plpgsql as $$
            begin
                if tg_op = 'UPDATE' then
                    if new.search_text is not distinct from old.search_text then
                        return null;
                    end if;
                    delete from {table} where {key} = old.{key};
                end if;
                insert into {table} (word, {key})
                    select distinct word, new.{key} from unnest(string_to_array(new.search_text, ' ')) word
                    where word <> '';
                return null;
            end $$""")
        op.execute(f"create trigger {table}_sync after insert or update of search_text on {owner} "
                   f"for each row execute function {table}_sync()")
        op.execute(f"insert into {table} (word, {key}) select distinct word, {key} from {owner}, "
                   f"unnest(string_to_array(search_text, ' ')) word where word <> ''")
        op.execute(f"analyze {table}")
    op.execute("drop statistics if exists people_search_words_stats")
    op.execute("drop index if exists people_search_words")
    op.execute("drop statistics if exists schools_search_words_stats")
    op.execute("drop index if exists schools_search_words")


def downgrade():
    op.execute("create index if not exists people_search_words on people "
               "using gin (string_to_array(search_text, ' ')) where searchable")
    op.execute("create index if not exists schools_search_words on schools "
               "using gin (string_to_array(search_text, ' '))")
    for table, key, owner in POSTINGS:
        op.execute(f"drop trigger if exists {table}_sync on {owner}")
        op.execute(f"drop function if exists {table}_sync()")
        op.drop_table(table)
