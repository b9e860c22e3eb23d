"""mail_requests: anonymous requests to email a link, per client address (hashed), for the cap

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-28 05:20:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'mail_requests',
        sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column('client_key', sa.String(length=64), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('mail_requests_by_client', 'mail_requests', ['client_key', 'at'])


def downgrade():
    op.drop_index('mail_requests_by_client', table_name='mail_requests')
    op.drop_table('mail_requests')
