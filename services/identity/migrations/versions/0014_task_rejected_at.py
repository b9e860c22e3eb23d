"""validation_tasks.rejected_at: when a task was rejected, kept with its reason when the NSO
validates the teacher after all (A21), so the decision's history stays on the task

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-28 11:30:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('validation_tasks', sa.Column('rejected_at', sa.DateTime(timezone=True), nullable=True))
    op.execute("update validation_tasks set rejected_at = decided_at where state = 'rejected'")


def downgrade():
    op.drop_column('validation_tasks', 'rejected_at')
