"""one_time_tokens: the new address an email-change link confirms (R26)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27 17:10:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('one_time_tokens', sa.Column('new_email', sa.String(254), nullable=True))


def downgrade():
    op.drop_column('one_time_tokens', 'new_email')
