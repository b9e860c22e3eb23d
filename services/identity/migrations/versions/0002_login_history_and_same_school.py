"""login history (R21) and the lookup of an already registered school (R32)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 12:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('login_history',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('method', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('login_history_user', 'login_history', ['user_id', 'at'], unique=False)
    op.create_index('schools_same_school', 'schools',
                    ['country', sa.text("regexp_replace(f_unaccent(lower(name)), '[^[:alnum:]]+', '', 'g')")],
                    unique=False)


def downgrade():
    op.drop_index('schools_same_school', table_name='schools')
    op.drop_index('login_history_user', table_name='login_history')
    op.drop_table('login_history')
