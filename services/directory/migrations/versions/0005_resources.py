"""resources library (R100)

Resources are searched like posts, by trigram word similarity on their unaccented words; a
file's bytes sit in a table of their own, so listing and searching never read them, and go
with their resource (the foreign key cascades).

Revision ID: 0005
Revises: 0001 (a branch beside 0002-0004; the project runs `alembic upgrade heads`)
Create Date: 2026-11-27 10:00:00
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0005'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('resources',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('uploader_id', sa.Uuid(), nullable=False),
    sa.Column('school_id', sa.Uuid(), nullable=False),
    sa.Column('school', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('resource_type', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('subjects', sa.ARRAY(sa.String(length=40)), nullable=False),
    sa.Column('languages', sa.ARRAY(sa.String(length=5)), nullable=False),
    sa.Column('age_groups', sa.ARRAY(sa.String(length=10)), nullable=False),
    sa.Column('searchable', sa.Boolean(), nullable=False),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('file_name', sa.String(length=255), nullable=True),
    sa.Column('file_type', sa.String(length=100), nullable=True),
    sa.Column('file_size', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_resources_uploader_id'), 'resources', ['uploader_id'], unique=False)
    op.create_index('resources_school', 'resources', ['school_id', 'created_at'], unique=False)
    op.create_index('resources_search_trgm', 'resources', ['search_text'], unique=False, postgresql_using='gin', postgresql_ops={'search_text': 'gin_trgm_ops'})
    op.create_index('resources_subjects', 'resources', ['subjects'], unique=False, postgresql_using='gin')
    op.create_table('resource_files',
    sa.Column('resource_id', sa.Uuid(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['resource_id'], ['resources.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('resource_id')
    )


def downgrade():
    op.drop_table('resource_files')
    op.drop_index('resources_subjects', table_name='resources')
    op.drop_index('resources_search_trgm', table_name='resources')
    op.drop_index('resources_school', table_name='resources')
    op.drop_index(op.f('ix_resources_uploader_id'), table_name='resources')
    op.drop_table('resources')
