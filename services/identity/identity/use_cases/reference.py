"""identity's use cases: reference data (R46-R48)."""
import secrets

from etwinning_contracts.errors import Conflict, Forbidden, Invalid, NotFound
from etwinning_contracts.names import IdentityEvents as E

from .. import domain as D
from .common import _changed, _restate
from .profile import _nso_view


def _country_view(country, nso, today):
    return {"code": country.code, "taking_part": D.participates(country, today),
            "participating": country.participating, "etwinning_plus": country.etwinning_plus,
            "participating_from": country.participating_from, "participating_until": country.participating_until,
            "eligible_for_nql": country.eligible_for_nql, "eligible_for_awards": country.eligible_for_awards,
            "nso": _nso_view(nso)}


def list_countries(uow, include_all=False):
    """The countries taking part today (A49), or every country of the table."""
    nsos, today = uow.repo.nsos(), uow.now().date()
    return [_country_view(c, nsos.get(c.code), today) for c in uow.repo.countries()
            if include_all or D.participates(c, today)]


def list_nsos(uow):
    return [_nso_view(n) for n in uow.repo.nsos().values()]


def update_country(uow, actor, *, code, **flags):
    if not actor.is_css:
        raise Forbidden("Only central staff maintain the country list.")
    country = uow.repo.country(code)
    if country is None:
        raise NotFound("Unknown country code.")
    nso = uow.repo.nso(code)
    if flags.get("participating") and nso is None:
        # every participating country has exactly one NSO (R47): its contacts come first
        raise Conflict("Give this country's National Support Organisation first (PATCH /api/v1/nsos/{code} "
                       "with its name and email), then make it participating.", code="nso_missing")
    for key, value in flags.items():
        setattr(country, key, value)
    if country.participating_from and country.participating_until and \
            country.participating_until <= country.participating_from:
        raise Invalid("A country stops taking part after it starts.",
                      {"participating_until": ["Must be after participating_from."]}, code="dates_out_of_order")
    return _country_view(country, nso, uow.now().date())


def update_nso(uow, actor, *, country, **changes):
    """Central staff keep each NSO's public contact details (R47). A country without an NSO gets
    one when its name and email are given."""
    if not actor.is_css:
        raise Forbidden("Only central staff maintain the NSO contact details.")
    if uow.repo.country(country) is None:
        raise NotFound("Unknown country code.")
    nso = uow.repo.nso(country)
    if nso is None:
        if not changes.get("name") or not changes.get("email"):
            raise Invalid("This country has no NSO yet: give at least its name and email.",
                          {key: ["Required to create the NSO."] for key in ("name", "email") if not changes.get(key)},
                          code="nso_details_required")
        nso = uow.repo.new_nso(country=country, name=changes["name"], regions=[])
    for key, value in changes.items():
        setattr(nso, key, value)
    uow.repo.flush()
    return _nso_view(nso)


def _staff_view(user):
    return {"id": user.id, "email": user.email, "first_name": user.first_name, "last_name": user.last_name,
            "role": user.role, "country": user.staff_country, "region": user.staff_region,
            "permissions": list(user.staff_permissions or []), "state": user.state,
            "last_login_at": user.last_login_at}


def list_staff(uow, actor, *, country):
    """Staff accounts: central staff see all of them, NSO staff their own country's (R48)."""
    if not actor.is_css:
        if "nso_staff" not in actor.roles:
            raise Forbidden("Only staff can see the staff list.")
        if country and country != actor.country:
            raise Forbidden("NSO staff see only their own country's staff.")
        country = actor.country
    return [_staff_view(u) for u in uow.repo.staff_members(country) if u.state not in D.TERMINAL]


def _staff_member(uow, actor, user_id):
    if not actor.is_css:
        raise Forbidden("Only central staff change staff roles and permissions.")
    if actor.user_id == str(user_id):
        raise Forbidden("Staff cannot change their own role or permissions.", code="own_account")
    user = uow.repo.user(user_id, lock=True)
    if user is None or user.state in D.TERMINAL:
        raise NotFound("No such account.")
    if user.role == "user":
        raise Conflict("This account has no staff role.", code="not_staff")
    return user


def _staff_changed(uow, user):
    uow.repo.revoke_refresh_tokens(uow.now(), user_id=user.id)  # the next sign-in carries the new rights
    _changed(uow, user, E.STAFF_CHANGED, role=user.role, country=user.staff_country, region=user.staff_region,
             permissions=list(user.staff_permissions or []))


def update_staff(uow, actor, *, user_id, **changes):
    """Change an NSO staff member's permissions or region (R48); ``region`` None: the whole country."""
    user = _staff_member(uow, actor, user_id)
    if user.role != "nso_staff":
        raise Conflict("Only NSO staff have a region and permissions.", code="not_nso_staff")
    if "region" in changes:
        D.check_staff_scope(user.role, uow.repo.country(user.staff_country), changes["region"],
                            uow.repo.nso(user.staff_country))
        user.staff_region = changes["region"]
    if "permissions" in changes:
        user.staff_permissions = sorted(set(changes["permissions"]))
    _staff_changed(uow, user)
    return _staff_view(user)


def revoke_staff(uow, actor, *, user_id):
    """Take a staff role away (R48): the account stays, as a user validated through schools only."""
    user = _staff_member(uow, actor, user_id)
    user.role, user.staff_country, user.staff_region, user.staff_permissions = "user", None, None, []
    _restate(user)
    _staff_changed(uow, user)
    return _staff_view(user)


def create_staff(uow, security, *, email, password, role, country=None, region=None, permissions=(),
                 first_name="Staff", last_name=None):
    """Used by the operator command that creates the first staff accounts."""
    if role not in ("nso_staff", "css_staff"):
        raise Invalid("role must be nso_staff or css_staff")
    if role == "nso_staff" and not country:
        raise Invalid("nso_staff needs a participating country code.", {"country": ["Required for nso_staff."]})
    D.check_staff_scope(role, uow.repo.country(country) if country else None, region,
                        uow.repo.nso(country) if country else None)
    if uow.repo.user_by_email(email) is not None:
        raise Conflict("An account with this email already exists.")
    username = email.split("@")[0].lower()[:30] + "-" + secrets.token_hex(3)
    user = uow.repo.new_user(
        username=username, email=email.lower(), password_hash=security.hash_password(password),
        first_name=first_name, last_name=last_name or (country or "CSS"), member_type=None, state=D.ACTIVE,
        email_verified_at=uow.now(), created_at=uow.now(), last_login_at=uow.now(),
        interface_language="en", preferences={}, role=role, staff_country=country, staff_region=region,
        staff_permissions=list(permissions) if role == "nso_staff" else [],
    )
    _changed(uow, user)  # other services learn of every account the same way
    return user
