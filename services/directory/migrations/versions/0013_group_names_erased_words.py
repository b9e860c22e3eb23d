"""groups: one group per name; an erased member's words leave the groups

* A request for a group whose name, case, accents, spaces and punctuation aside
  (``directory.domain.name_key``), is that of a group requested or active is refused: the
  key is stored with each group and indexed among those states.
* An erased account's group messages and documents were kept with no author, their text
  still there; erasure now deletes them. Those kept by earlier erasures go here.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-27 14:20:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    from directory.domain import name_key

    op.add_column('groups', sa.Column('name_key', sa.Text(), nullable=True))
    conn = op.get_bind()
    rows = [{"id": group_id, "key": name_key(name)}
            for group_id, name in conn.execute(sa.text("select id, name from groups")).all()]
    for start in range(0, len(rows), 5000):
        conn.execute(sa.text("update groups set name_key = :key where id = :id"), rows[start:start + 5000])
    op.alter_column('groups', 'name_key', existing_type=sa.Text(), nullable=False)
    op.create_index('groups_name_key', 'groups', ['name_key'], unique=False,
                    postgresql_where=sa.text("state in ('requested', 'active')"))
    op.execute("delete from group_messages where author_id is null")
    op.execute("delete from group_documents where added_by is null")


def downgrade():
    op.drop_index('groups_name_key', table_name='groups')
    op.drop_column('groups', 'name_key')
