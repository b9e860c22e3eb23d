"""idempotency keys: POST /me/schools accepts an Idempotency-Key (design §7), recorded in the
transaction of the change (etwinning_contracts.runtime.idempotency); rows older than a day go

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27 17:45:00
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('idempotency_keys',
                    sa.Column('caller', sa.String(length=64), nullable=False),
                    sa.Column('operation', sa.String(length=100), nullable=False),
                    sa.Column('key', sa.String(length=200), nullable=False),
                    sa.Column('fingerprint', sa.String(length=64), nullable=False),
                    sa.Column('response', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
                    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
                    sa.PrimaryKeyConstraint('caller', 'operation', 'key'))
    op.create_index(op.f('ix_idempotency_keys_created_at'), 'idempotency_keys', ['created_at'])


def downgrade():
    op.drop_index(op.f('ix_idempotency_keys_created_at'), table_name='idempotency_keys')
    op.drop_table('idempotency_keys')
