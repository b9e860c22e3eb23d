"""login_failures: where the failed attempt came from (hashed), so that failures from one
place lock that place, and only many failures from everywhere lock the account for everyone

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27 16:40:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('login_failures', sa.Column('client_key', sa.String(64), nullable=True))
    op.create_index('login_failures_by_client', 'login_failures', ['login_key', 'client_key', 'at'])


def downgrade():
    op.drop_index('login_failures_by_client', table_name='login_failures')
    op.drop_column('login_failures', 'client_key')
