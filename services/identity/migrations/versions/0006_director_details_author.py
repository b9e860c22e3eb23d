"""schools: who last entered or confirmed the director's details (A22)

A director's "yes" through the emailed link proves little when the applicant typed the
director's address: the NSO's task says so. Existing schools take their creator.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 16:20:00
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('schools', sa.Column('director_details_updated_by', postgresql.UUID(as_uuid=True), nullable=True))
    op.execute("update schools set director_details_updated_by = created_by")


def downgrade():
    op.drop_column('schools', 'director_details_updated_by')
