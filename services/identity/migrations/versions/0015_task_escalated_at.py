"""validation_tasks.escalated_at: when an open task past its 30 days (A22) was reported to
central staff and the country's validators, so each late task is reported once

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-28 18:30:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('validation_tasks', sa.Column('escalated_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    op.drop_column('validation_tasks', 'escalated_at')
