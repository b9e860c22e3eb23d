"""read model and networking

Revision ID: 0001
Revises: 
Create Date: 2026-11-26 13:31:59.005627
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.execute("create extension if not exists pg_trgm")  # typo-tolerant word search
    op.create_table('activities',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('actor_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('summary', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_activities_actor_id'), 'activities', ['actor_id'], unique=False)
    op.create_table('candidates',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('owner_id', sa.Uuid(), nullable=False),
    sa.Column('school_id', sa.Uuid(), nullable=True),
    sa.Column('person_id', sa.Uuid(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(school_id is null) <> (person_id is null)', name='candidates_one_target'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('owner_id', 'person_id', name='candidates_one_person'),
    sa.UniqueConstraint('owner_id', 'school_id', name='candidates_one_school')
    )
    op.create_index(op.f('ix_candidates_owner_id'), 'candidates', ['owner_id'], unique=False)
    op.create_index(op.f('ix_candidates_person_id'), 'candidates', ['person_id'], unique=False)
    op.create_table('contact_requests',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('requester_id', sa.Uuid(), nullable=False),
    sa.Column('recipient_id', sa.Uuid(), nullable=False),
    sa.Column('message', sa.Text(), nullable=True),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('contact_requests_one_pending', 'contact_requests', ['requester_id', 'recipient_id'], unique=True, postgresql_where=sa.text("state = 'pending'"))
    op.create_index(op.f('ix_contact_requests_recipient_id'), 'contact_requests', ['recipient_id'], unique=False)
    op.create_index(op.f('ix_contact_requests_requester_id'), 'contact_requests', ['requester_id'], unique=False)
    op.create_table('contacts',
    sa.Column('user_a', sa.Uuid(), nullable=False),
    sa.Column('user_b', sa.Uuid(), nullable=False),
    sa.Column('since', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('user_a < user_b', name='contacts_ordered'),
    sa.PrimaryKeyConstraint('user_a', 'user_b')
    )
    op.create_index(op.f('ix_contacts_user_b'), 'contacts', ['user_b'], unique=False)
    op.create_table('erased_users',
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.PrimaryKeyConstraint('user_id')
    )
    op.create_table('follows',
    sa.Column('follower_id', sa.Uuid(), nullable=False),
    sa.Column('followee_id', sa.Uuid(), nullable=False),
    sa.Column('since', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('follower_id', 'followee_id')
    )
    op.create_index(op.f('ix_follows_followee_id'), 'follows', ['followee_id'], unique=False)
    op.create_table('inbox',
    sa.Column('event_id', sa.Uuid(), nullable=False),
    sa.Column('handler', sa.String(length=200), nullable=False),
    sa.Column('processed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('event_id', 'handler')
    )
    op.create_table('outbox',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('event_id', sa.Uuid(), nullable=False),
    sa.Column('event_type', sa.String(length=100), nullable=False),
    sa.Column('payload', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('event_id')
    )
    op.create_index(op.f('ix_outbox_published_at'), 'outbox', ['published_at'], unique=False)
    op.create_table('parked_events',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('event_id', sa.Uuid(), nullable=False),
    sa.Column('handler', sa.String(length=200), nullable=False),
    sa.Column('queue', sa.String(length=300), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('event_type', sa.String(length=100), nullable=False),
    sa.Column('payload', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('people',
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=40), nullable=True),
    sa.Column('display_name', sa.String(length=210), nullable=False),
    sa.Column('member_type', sa.String(length=40), nullable=True),
    sa.Column('state', sa.String(length=40), nullable=False),
    sa.Column('validated', sa.Boolean(), nullable=False),
    sa.Column('profile_public', sa.Boolean(), nullable=False),
    sa.Column('available', sa.Boolean(), nullable=False),
    sa.Column('searchable', sa.Boolean(), nullable=False),
    sa.Column('languages', sa.ARRAY(sa.String(length=5)), nullable=False),
    sa.Column('subjects', sa.ARRAY(sa.String(length=40)), nullable=False),
    sa.Column('age_groups', sa.ARRAY(sa.String(length=10)), nullable=False),
    sa.Column('ict_use', sa.String(length=20), nullable=True),
    sa.Column('has_picture', sa.Boolean(), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.Column('schools', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.Column('school_text', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('user_id')
    )
    op.create_index('people_country', 'people', ['country', 'user_id'], unique=False, postgresql_where=sa.text('searchable'))
    op.create_index('people_school_trgm', 'people', ['school_text'], unique=False, postgresql_using='gin', postgresql_ops={'school_text': 'gin_trgm_ops'}, postgresql_where=sa.text('searchable'))
    op.create_index('people_search_trgm', 'people', ['search_text'], unique=False, postgresql_using='gin', postgresql_ops={'search_text': 'gin_trgm_ops'}, postgresql_where=sa.text('searchable'))
    op.create_index('people_twinfinder_languages', 'people', ['languages'], unique=False, postgresql_using='gin', postgresql_where=sa.text('searchable and validated'))
    op.create_index('people_twinfinder_subjects', 'people', ['subjects'], unique=False, postgresql_using='gin', postgresql_where=sa.text('searchable and validated'))
    op.create_table('schools',
    sa.Column('school_id', sa.Uuid(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('town', sa.String(length=100), nullable=True),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('region', sa.String(length=20), nullable=True),
    sa.Column('education_levels', sa.ARRAY(sa.String(length=40)), nullable=False),
    sa.Column('registered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('school_id')
    )
    op.create_index('schools_country', 'schools', ['country', 'school_id'], unique=False)
    op.create_index('schools_search_trgm', 'schools', ['search_text'], unique=False, postgresql_using='gin', postgresql_ops={'search_text': 'gin_trgm_ops'})
    op.create_table('person_schools',
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('school_id', sa.Uuid(), nullable=False),
    sa.Column('validated', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['people.user_id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'school_id')
    )
    op.create_index(op.f('ix_person_schools_school_id'), 'person_schools', ['school_id'], unique=False)
    # ### end Alembic commands ###


def downgrade():
    # ### commands auto generated by Alembic - please adjust! ###
    op.drop_index(op.f('ix_person_schools_school_id'), table_name='person_schools')
    op.drop_table('person_schools')
    op.drop_index('schools_search_trgm', table_name='schools', postgresql_using='gin', postgresql_ops={'search_text': 'gin_trgm_ops'})
    op.drop_index('schools_country', table_name='schools')
    op.drop_table('schools')
    op.drop_index('people_twinfinder_subjects', table_name='people', postgresql_using='gin', postgresql_where=sa.text('searchable and validated'))
    op.drop_index('people_twinfinder_languages', table_name='people', postgresql_using='gin', postgresql_where=sa.text('searchable and validated'))
    op.drop_index('people_search_trgm', table_name='people', postgresql_using='gin', postgresql_ops={'search_text': 'gin_trgm_ops'}, postgresql_where=sa.text('searchable'))
    op.drop_index('people_school_trgm', table_name='people', postgresql_using='gin', postgresql_ops={'school_text': 'gin_trgm_ops'}, postgresql_where=sa.text('searchable'))
    op.drop_index('people_country', table_name='people', postgresql_where=sa.text('searchable'))
    op.drop_table('people')
    op.drop_table('parked_events')
    op.drop_index(op.f('ix_outbox_published_at'), table_name='outbox')
    op.drop_table('outbox')
    op.drop_table('inbox')
    op.drop_index(op.f('ix_follows_followee_id'), table_name='follows')
    op.drop_table('follows')
    op.drop_table('erased_users')
    op.drop_index(op.f('ix_contacts_user_b'), table_name='contacts')
    op.drop_table('contacts')
    op.drop_index(op.f('ix_contact_requests_requester_id'), table_name='contact_requests')
    op.drop_index(op.f('ix_contact_requests_recipient_id'), table_name='contact_requests')
    op.drop_index('contact_requests_one_pending', table_name='contact_requests', postgresql_where=sa.text("state = 'pending'"))
    op.drop_table('contact_requests')
    op.drop_index(op.f('ix_candidates_person_id'), table_name='candidates')
    op.drop_index(op.f('ix_candidates_owner_id'), table_name='candidates')
    op.drop_table('candidates')
    op.drop_index(op.f('ix_activities_actor_id'), table_name='activities')
    op.drop_table('activities')
    # ### end Alembic commands ###
