"""validation_tasks: the link that asks the school's director, and the director's answer (A22);
users: when the warnings before inactivity and before removal were sent (A14)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 14:30:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('validation_tasks', sa.Column('director_link_hash', sa.String(length=64), nullable=True))
    op.add_column('validation_tasks', sa.Column('director_link_expires_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('validation_tasks', sa.Column('director_asked_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('validation_tasks', sa.Column('director_answer', sa.String(length=10), nullable=True))
    op.create_index('validation_tasks_director_link', 'validation_tasks', ['director_link_hash'], unique=True)
    op.add_column('users', sa.Column('inactivity_warned_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('users', sa.Column('removal_warned_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    op.drop_column('users', 'removal_warned_at')
    op.drop_column('users', 'inactivity_warned_at')
    op.drop_index('validation_tasks_director_link', table_name='validation_tasks')
    op.drop_column('validation_tasks', 'director_answer')
    op.drop_column('validation_tasks', 'director_asked_at')
    op.drop_column('validation_tasks', 'director_link_expires_at')
    op.drop_column('validation_tasks', 'director_link_hash')
