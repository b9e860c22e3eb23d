"""events and chats

Revision ID: 0003
Revises: 0001 (a branch beside 0002; the project runs `alembic upgrade heads`)
Create Date: 2026-11-26 13:45:48.948585
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0003'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('booked_chats',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('requester_id', sa.Uuid(), nullable=False),
    sa.Column('invitee_id', sa.Uuid(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('message', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('booked_chats_once', 'booked_chats', ['requester_id', 'invitee_id', 'starts_at'], unique=True, postgresql_where=sa.text("status in ('pending', 'read', 'accepted')"))
    op.create_index(op.f('ix_booked_chats_invitee_id'), 'booked_chats', ['invitee_id'], unique=False)
    op.create_index(op.f('ix_booked_chats_requester_id'), 'booked_chats', ['requester_id'], unique=False)
    op.create_table('events',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('organiser_id', sa.Uuid(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('format', sa.String(length=20), nullable=False),
    sa.Column('visibility', sa.String(length=10), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('participant_count', sa.Integer(), nullable=False),
    sa.Column('location', sa.String(length=300), nullable=True),
    sa.Column('language', sa.String(length=5), nullable=True),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('participant_count between 0 and capacity', name='events_within_capacity'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('events_upcoming_public', 'events', ['starts_at', 'id'], unique=False, postgresql_where=sa.text("visibility = 'public' and state = 'scheduled'"))
    op.create_index(op.f('ix_events_organiser_id'), 'events', ['organiser_id'], unique=False)
    op.create_table('pd_activities',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('applications_open_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('applications_close_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('seats', sa.Integer(), nullable=False),
    sa.Column('reserved_seats', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=True),
    sa.Column('led_by', sa.String(length=200), nullable=True),
    sa.Column('location', sa.String(length=300), nullable=True),
    sa.Column('materials_url', sa.String(length=2000), nullable=True),
    sa.Column('recording_url', sa.String(length=2000), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('pd_activities_starts', 'pd_activities', ['starts_at', 'id'], unique=False)
    op.create_table('booked_chat_messages',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('chat_id', sa.Uuid(), nullable=False),
    sa.Column('author_id', sa.Uuid(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['chat_id'], ['booked_chats.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_booked_chat_messages_chat_id'), 'booked_chat_messages', ['chat_id'], unique=False)
    op.create_table('event_documents',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('event_id', sa.Uuid(), nullable=False),
    sa.Column('added_by', sa.Uuid(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_event_documents_added_by'), 'event_documents', ['added_by'], unique=False)
    op.create_index(op.f('ix_event_documents_event_id'), 'event_documents', ['event_id'], unique=False)
    op.create_table('event_invitations',
    sa.Column('event_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('invited_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', 'user_id')
    )
    op.create_index(op.f('ix_event_invitations_user_id'), 'event_invitations', ['user_id'], unique=False)
    op.create_table('event_messages',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('event_id', sa.Uuid(), nullable=False),
    sa.Column('author_id', sa.Uuid(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_event_messages_author_id'), 'event_messages', ['author_id'], unique=False)
    op.create_index(op.f('ix_event_messages_event_id'), 'event_messages', ['event_id'], unique=False)
    op.create_table('event_participants',
    sa.Column('event_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('registered_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', 'user_id')
    )
    op.create_index(op.f('ix_event_participants_user_id'), 'event_participants', ['user_id'], unique=False)
    op.create_table('pd_applications',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('activity_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('applied_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['activity_id'], ['pd_activities.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('activity_id', 'user_id', name='pd_applications_once')
    )
    op.create_index(op.f('ix_pd_applications_user_id'), 'pd_applications', ['user_id'], unique=False)
    op.create_index('pd_applications_queue', 'pd_applications', ['activity_id', 'status', 'applied_at'], unique=False)


def downgrade():
    op.drop_index('pd_applications_queue', table_name='pd_applications')
    op.drop_index(op.f('ix_pd_applications_user_id'), table_name='pd_applications')
    op.drop_table('pd_applications')
    op.drop_index(op.f('ix_event_participants_user_id'), table_name='event_participants')
    op.drop_table('event_participants')
    op.drop_index(op.f('ix_event_messages_event_id'), table_name='event_messages')
    op.drop_index(op.f('ix_event_messages_author_id'), table_name='event_messages')
    op.drop_table('event_messages')
    op.drop_index(op.f('ix_event_invitations_user_id'), table_name='event_invitations')
    op.drop_table('event_invitations')
    op.drop_index(op.f('ix_event_documents_event_id'), table_name='event_documents')
    op.drop_index(op.f('ix_event_documents_added_by'), table_name='event_documents')
    op.drop_table('event_documents')
    op.drop_index(op.f('ix_booked_chat_messages_chat_id'), table_name='booked_chat_messages')
    op.drop_table('booked_chat_messages')
    op.drop_index('pd_activities_starts', table_name='pd_activities')
    op.drop_table('pd_activities')
    op.drop_index(op.f('ix_events_organiser_id'), table_name='events')
    op.drop_index('events_upcoming_public', table_name='events', postgresql_where=sa.text("visibility = 'public' and state = 'scheduled'"))
    op.drop_table('events')
    op.drop_index(op.f('ix_booked_chats_requester_id'), table_name='booked_chats')
    op.drop_index(op.f('ix_booked_chats_invitee_id'), table_name='booked_chats')
    op.drop_index('booked_chats_once', table_name='booked_chats', postgresql_where=sa.text("status in ('pending', 'read', 'accepted')"))
    op.drop_table('booked_chats')
