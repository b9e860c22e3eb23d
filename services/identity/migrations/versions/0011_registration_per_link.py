"""one_time_tokens.registration: each verification link confirms the registration it was sent for

Two registrations of one unconfirmed address no longer overwrite each other: whoever opens a
link gets the username and password registered with that link. Links sent before keep
confirming the account as it stands (no registration of their own).

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-28 04:40:00
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('one_time_tokens', sa.Column('registration', postgresql.JSONB(), nullable=True))


def downgrade():
    op.drop_column('one_time_tokens', 'registration')
