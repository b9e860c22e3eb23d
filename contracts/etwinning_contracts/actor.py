"""The acting user, built by the gateway from a verified token and passed to every RPC.

Services re-check every permission against it; a client can never claim a role,
because the gateway only builds actors from tokens identity signed.
"""
from dataclasses import dataclass, field

from marshmallow import EXCLUDE, Schema, fields, post_load, validate

from .errors import Forbidden, Unauthorized

ROLES = ("user", "nso_staff", "css_staff", "system")
STAFF_PERMISSIONS = ("validator", "project_approver", "ql_evaluator", "awards_jury")


@dataclass(frozen=True)
class Actor:
    user_id: str | None = None
    roles: tuple = ()
    country: str | None = None  # the staff member's NSO country
    region: str | None = None
    permissions: tuple = ()
    school_ids: tuple = field(default_factory=tuple)

    @property
    def is_anonymous(self):
        return self.user_id is None and "system" not in self.roles

    @property
    def is_css(self):
        return "css_staff" in self.roles

    def require_user(self):
        if self.user_id is None:
            raise Unauthorized("Sign in to do this.")
        return self.user_id

    def can_act_for_country(self, country, permission=None, region=None, nso_has_regions=False):
        """Whether this actor may act on something of ``country`` and ``region`` (R16, R48, A51).
        Central staff act anywhere; NSO staff in their own country, with ``permission`` if one
        is needed. An officer scoped to a region acts only in that region where the NSO is
        organised in regions: what has no region there belongs to the country-wide officers.
        Where it is not, a region on an officer restricts nothing."""
        if self.is_css or "system" in self.roles:
            return True
        if "nso_staff" not in self.roles or self.country != country:
            return False
        if permission and permission not in self.permissions:
            return False
        return self.region is None or not nso_has_regions or region == self.region

    def require_country(self, country, permission=None, region=None):
        if not self.can_act_for_country(country, permission, region):
            raise Forbidden("Only the National Support Organisation of this country can do this.")


class ActorSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    user_id = fields.UUID(allow_none=True, load_default=None)
    roles = fields.List(fields.String(validate=validate.OneOf(ROLES)), load_default=list)
    country = fields.String(allow_none=True, load_default=None)
    region = fields.String(allow_none=True, load_default=None)
    permissions = fields.List(fields.String(validate=validate.OneOf(STAFF_PERMISSIONS)), load_default=list)
    school_ids = fields.List(fields.UUID(), load_default=list)

    @post_load
    def make(self, data, **kwargs):
        return Actor(
            user_id=str(data["user_id"]) if data["user_id"] else None,
            roles=tuple(data["roles"]),
            country=data["country"],
            region=data["region"],
            permissions=tuple(data["permissions"]),
            school_ids=tuple(str(s) for s in data["school_ids"]),
        )


ANONYMOUS = Actor()
SYSTEM = Actor(roles=("system",))


def actor_to_dict(actor):
    return {
        "user_id": actor.user_id,
        "roles": list(actor.roles),
        "country": actor.country,
        "region": actor.region,
        "permissions": list(actor.permissions),
        "school_ids": list(actor.school_ids),
    }
