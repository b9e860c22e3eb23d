"""TwinFinder: one index entry per combination of preferences

TwinFinder's first tiers ask for teachers who share all of several preferences (Spanish,
foreign languages and 6-11). The GIN index over the three arrays answers that by intersecting
the posting lists of each value, and common values (English, 6-11, foreign languages) have
hundreds of thousands of entries: 15-30 ms of a TwinFinder request at 1.2 million teachers.
``twinfinder_keys`` lists each pair and each triple of a person's language, subject and age
group, and each triple with the ICT use (which, required, halves what is read); its index holds
one short posting list per combination, read at once (docs/benchmarks.md).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27 05:00:00
"""
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    # directory.db.DirectoryRepository._twinfinder_keys builds the same keys for a query
    op.execute("""
        create or replace function twinfinder_keys(l varchar[], s varchar[], a varchar[], i varchar) returns text[]
        language sql immutable parallel safe as $$
          select coalesce(array_agg(k), '{}') from (
            select x || '|' || y || '|' as k from unnest(l) x, unnest(s) y
            union all select x || '||' || z from unnest(l) x, unnest(a) z
            union all select '|' || y || '|' || z from unnest(s) y, unnest(a) z
            union all select x || '|' || y || '|' || z from unnest(l) x, unnest(s) y, unnest(a) z
            union all select x || '|' || y || '|' || z || '|' || i from unnest(l) x, unnest(s) y, unnest(a) z
              where i is not null) keys
        $$""")
    op.execute("create index if not exists people_twinfinder_keys on people "
               "using gin (twinfinder_keys(languages, subjects, age_groups, ict_use)) where searchable and validated")
    op.execute("analyze people")


def downgrade():
    op.execute("drop index if exists people_twinfinder_keys")
    op.execute("drop function if exists twinfinder_keys(varchar[], varchar[], varchar[], varchar)")
