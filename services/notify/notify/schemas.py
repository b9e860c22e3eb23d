"""Argument and result schemas of notify's operator RPCs. Only operators' tools call these, so
they live with the service rather than in the shared contracts."""
from marshmallow import Schema, fields, validate

from .domain import KINDS, STATES


class ListOutgoingMailArgs(Schema):
    user_id = fields.UUID(allow_none=True, load_default=None)
    state = fields.String(allow_none=True, load_default=None, validate=validate.OneOf(STATES))
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))


class OutgoingMailSchema(Schema):
    id = fields.UUID(required=True)
    user_id = fields.UUID(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    to_address = fields.String(required=True)
    subject = fields.String(required=True)
    state = fields.String(required=True, validate=validate.OneOf(STATES))
    attempts = fields.Integer(required=True)
    next_attempt_at = fields.AwareDateTime(allow_none=True)
    last_error = fields.String(allow_none=True)
    created_at = fields.AwareDateTime(required=True)
    sent_at = fields.AwareDateTime(allow_none=True)
