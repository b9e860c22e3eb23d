"""eTwinning news in the home feed, group documents, didactic meetings' phases

* R72: news published by the Central Support Service are activities with no actor, in every
  home feed; a partial index on their ids lets the feed read the newest of them directly.
* R85: group content includes documents (a title and a link), members only.
* R97: a didactic meeting has an active phase and then a reflection phase; the moment one ends
  and the other starts is stored (null for other kinds of activity).

Revision ID: 0012
Revises: 0011, 0002, 0003 (merges the branches whose tables it changes)
Create Date: 2026-11-27 12:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0012'
down_revision = ('0011', '0002', '0003')
branch_labels = None
depends_on = None


def upgrade():
    op.alter_column('activities', 'actor_id', existing_type=sa.Uuid(), nullable=True)
    op.create_index('activities_news', 'activities', ['id'], unique=False,
                    postgresql_where=sa.text('actor_id is null'))
    op.create_table('group_documents',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('group_id', sa.Uuid(), nullable=False),
    sa.Column('added_by', sa.Uuid(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_group_documents_added_by'), 'group_documents', ['added_by'], unique=False)
    op.create_index('group_documents_by_group', 'group_documents', ['group_id', 'id'], unique=False)
    op.add_column('pd_activities', sa.Column('reflection_starts_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    op.drop_column('pd_activities', 'reflection_starts_at')
    op.drop_index('group_documents_by_group', table_name='group_documents')
    op.drop_index(op.f('ix_group_documents_added_by'), table_name='group_documents')
    op.drop_table('group_documents')
    op.drop_index('activities_news', table_name='activities')
    op.execute("delete from activities where actor_id is null")
    op.alter_column('activities', 'actor_id', existing_type=sa.Uuid(), nullable=False)
