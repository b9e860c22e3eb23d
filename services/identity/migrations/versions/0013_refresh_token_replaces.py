"""refresh_tokens.replaces: the token a refresh token was issued in exchange for, so that a
client retrying an exchange is told apart from a copy of a token killed by that retry

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-28 10:40:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('refresh_tokens', sa.Column('replaces', sa.String(length=64), nullable=True))


def downgrade():
    op.drop_column('refresh_tokens', 'replaces')
