"""search indexes: whole words of names and school names, with statistics

People search first looks for every query word as a whole word of a name (the best rank
there is) before it looks for approximate matches through the trigram indexes: a GIN index
on the words of ``search_text`` finds "García" among 1.2 million people without computing
a single similarity. Statistics on the same expression (its most common words) let the
planner choose between reading the index and walking ids in order: "Maria" is in one name
of twenty, "Björnsdóttir" in a few hundred. Walking ids in order reads only the covering
index (id and text), never the table.

TwinFinder asks first for teachers who share every preference, then for those who miss a
few points: one GIN index over languages, subjects and age groups finds who has all of a
set of them in a single scan (French, mathematics and 12-15 together: a few thousand of a
million), and one on ICT use narrows further, before the table is read.

Revision ID: 0004
Revises: 0001
Create Date: 2026-11-26 15:00:00
"""
from alembic import op

revision = '0004'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("create index if not exists people_search_words on people "
               "using gin (string_to_array(search_text, ' ')) where searchable")
    op.execute("create statistics if not exists people_search_words_stats on (string_to_array(search_text, ' ')) "
               "from people")
    op.execute("create index if not exists schools_search_words on schools "
               "using gin (string_to_array(search_text, ' '))")
    op.execute("create statistics if not exists schools_search_words_stats "
               "on (string_to_array(search_text, ' ')) from schools")
    op.execute("create index if not exists people_search_by_id on people (user_id) "
               "include (search_text, profile_public) where searchable")
    op.execute("create index if not exists schools_search_by_id on schools (school_id) include (search_text)")
    op.execute("create index if not exists people_twinfinder_preferences on people "
               "using gin (languages, subjects, age_groups) where searchable and validated")
    op.execute("create index if not exists people_twinfinder_ict on people (ict_use) where searchable and validated")
    op.execute("analyze people")
    op.execute("analyze schools")


def downgrade():
    op.execute("drop index if exists people_twinfinder_ict")
    op.execute("drop index if exists people_twinfinder_preferences")
    op.execute("drop index if exists schools_search_by_id")
    op.execute("drop index if exists people_search_by_id")
    op.execute("drop statistics if exists schools_search_words_stats")
    op.execute("drop index if exists schools_search_words")
    op.execute("drop statistics if exists people_search_words_stats")
    op.execute("drop index if exists people_search_words")
