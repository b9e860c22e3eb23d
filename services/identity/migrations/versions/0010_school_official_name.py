"""schools: the name and town as registered, or as the NSO last set them (R37)

A member's corrections are measured against these, not against the last correction, so that
edits made one after another cannot walk a school to another one. Existing schools take
their current name and town.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-27 21:50:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('schools', sa.Column('official_name', sa.String(length=200), nullable=True))
    op.add_column('schools', sa.Column('official_town', sa.String(length=100), nullable=True))
    op.execute("update schools set official_name = name, official_town = town")


def downgrade():
    op.drop_column('schools', 'official_town')
    op.drop_column('schools', 'official_name')
