"""waiting_registrations: each registration of an address not confirmed yet, kept apart

A link emailed to the address proves the mailbox; the password typed with it picks the
registration that is the person's own, so someone registering another's address cannot have
the owner confirm their password. Accounts waiting from before keep their registration on
their own row, and it is still picked by its password.

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
    op.create_table(
        'waiting_registrations',
        sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column('user_id', sa.Uuid(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('registration', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_waiting_registrations_user_id', 'waiting_registrations', ['user_id'])


def downgrade():
    op.drop_index('ix_waiting_registrations_user_id', table_name='waiting_registrations')
    op.drop_table('waiting_registrations')
