"""schools: when the director's details were last entered or confirmed (R15)

Details nobody has entered or confirmed for a year are flagged as outdated to the school's
members and to the NSO. Existing schools count from their registration.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 12:40:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('schools', sa.Column('director_details_updated_at', sa.DateTime(timezone=True), nullable=True))
    op.execute("update schools set director_details_updated_at = created_at "
               "where director_name is not null or director_email is not null")


def downgrade():
    op.drop_column('schools', 'director_details_updated_at')
