"""event_participants: whether each registered participant attended, once the organiser said so
after the event (requirements §10.7: registered --event_end--> attended | no_show)

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-27 17:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('event_participants', sa.Column('attendance', sa.String(10), nullable=True))


def downgrade():
    op.drop_column('event_participants', 'attendance')
