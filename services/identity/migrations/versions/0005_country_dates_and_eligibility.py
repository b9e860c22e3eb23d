"""countries: the dates a country takes part between, and what its schools are eligible for (A49, A50)

A country joins or leaves on a date CSS sets, without a code change; eTwinning Plus countries
(or any other) can be left out of National Quality Labels or awards by a flag, true by default.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 15:10:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('countries', sa.Column('participating_from', sa.Date(), nullable=True))
    op.add_column('countries', sa.Column('participating_until', sa.Date(), nullable=True))
    op.add_column('countries', sa.Column('eligible_for_nql', sa.Boolean(), nullable=False, server_default=sa.true()))
    op.add_column('countries', sa.Column('eligible_for_awards', sa.Boolean(), nullable=False,
                                         server_default=sa.true()))


def downgrade():
    op.drop_column('countries', 'eligible_for_awards')
    op.drop_column('countries', 'eligible_for_nql')
    op.drop_column('countries', 'participating_until')
    op.drop_column('countries', 'participating_from')
