"""identity's use cases: profile (R26-R31)."""

from etwinning_contracts.errors import Invalid, NotFound

from .. import domain as D, pictures
from ..security import offload
from .common import _changed, _current_memberships, _my_account, _staff_for
from .registration import _clean_preferences
from .schools import _public_school_view, membership_view
from .validation import task_view
from .sign_in import _home_nso, claims_for


def _nso_view(nso):
    if nso is None:
        return None
    return {"country": nso.country, "name": nso.name, "email": nso.email, "phone": nso.phone,
            "website": nso.website, "regions": nso.regions or []}


def my_profile(uow, actor):
    user = uow.repo.user_profile(actor.require_user())
    if user is None or user.state in D.TERMINAL:
        raise NotFound("This account no longer exists.")
    return _full_profile(user)


def _full_profile(user):
    return {
        "id": user.id, "username": user.username, "email": user.email, "first_name": user.first_name,
        "last_name": user.last_name, "member_type": user.member_type, "state": user.state,
        "etwinning_validated": D.is_validated(user.state), "interface_language": user.interface_language,
        "preferences": user.preferences, "available_for_projects": user.available_for_projects,
        "privacy": {"profile_public": user.profile_public, "show_email_to_contacts": user.show_email_to_contacts},
        "about": user.about, "has_picture": user.picture_type is not None,
        "schools": [membership_view(m) for m in user.memberships],
        "roles": claims_for(user)["roles"], "staff_country": user.staff_country,
        "nso": _nso_view(_home_nso(user)),
        "registered_at": user.created_at, "last_login_at": user.last_login_at, "block_reason": user.block_reason,
        "validation": [task_view(t, include_contact=False) for t in user.validation_tasks],
        "next_step": D.next_step(user.state, user.validation_tasks),
    }


def view_profile(uow, actor, *, user_id):
    """Another user's profile: hidden from anonymous callers unless public (R29, A24). The email
    only to the owner's contacts, and only when the owner allows it (R31): then the profile
    carries it as ``email_for_contacts``, for the caller to show if directory, which keeps the
    contacts, says the two are (show_email_to_contact)."""
    user = uow.repo.user_profile(user_id)
    hidden = user is None or user.state in D.TERMINAL or user.state == D.EMAIL_UNVERIFIED
    if not hidden and user.state in (D.BLOCKED,) and not _staff_for(actor, user):
        hidden = True
    if not hidden and actor.is_anonymous and not user.profile_public:
        hidden = True
    if hidden:
        raise NotFound("No such profile.")
    if actor.user_id == str(user.id) or _staff_for(actor, user):
        return _full_profile(user)
    may_show_email = bool(user.show_email_to_contacts and actor.user_id)
    return {
        "id": user.id, "username": user.username, "first_name": user.first_name, "last_name": user.last_name,
        "email": None, **({"email_for_contacts": user.email} if may_show_email else {}),
        "member_type": user.member_type, "etwinning_validated": D.is_validated(user.state),
        "preferences": user.preferences, "available_for_projects": user.available_for_projects,
        "privacy": {"profile_public": user.profile_public}, "about": user.about,
        "has_picture": user.picture_type is not None,
        # the director's contacts are for the school's members and the NSO, not for profile visitors
        "schools": [{**membership_view(m), "school": _public_school_view(m.school, may_see_director=False)}
                    for m in _current_memberships(user) if m.validation_state == "validated"],
    }


def show_email_to_contact(profile, viewer_id, is_contact):
    """The profile as sent: the owner's email only if ``is_contact(owner_id, viewer_id)``."""
    email = profile.pop("email_for_contacts", None)
    if email and is_contact(profile["id"], viewer_id):
        profile["email"] = email
    return profile


def update_profile(uow, actor, **changes):
    user = _my_account(uow, actor, lock=True)
    if "preferences" in changes:
        user.preferences = _clean_preferences({**user.preferences, **changes.pop("preferences")})
    for key, value in changes.pop("privacy", {}).items():
        setattr(user, key, value)
    for key, value in changes.items():
        setattr(user, key, value)
    _changed(uow, user)
    return _full_profile(user)


MAX_PICTURE_BYTES = 2 * 1024 * 1024


def set_picture(uow, actor, *, content_type, data):
    """Profile picture (R30): checked by decoding it, not by the declared header, and kept
    without its metadata (pictures.py)."""
    if len(data) > MAX_PICTURE_BYTES:
        raise Invalid("The picture is larger than 2 MB.", {"picture": ["At most 2 MB."]}, code="too_large")
    try:
        data = offload(pictures.cleaned, data, content_type)  # decoding is CPU work: off the hub
    except pictures.NotAnImage:
        raise Invalid("The file is not a PNG, JPEG or WebP image of the declared type (at most 4096 pixels "
                      "a side).", {"picture": ["Unsupported image."]}, code="bad_image") from None
    user = _my_account(uow, actor, lock=True)
    user.picture, user.picture_type = data, content_type
    _changed(uow, user)
    return {"status": "stored", "detail": "Your profile picture is updated."}


def get_picture(uow, actor, *, user_id):
    view_profile(uow, actor, user_id=user_id)  # same visibility as the profile
    user = uow.repo.user(user_id)
    if user.picture is None:
        raise NotFound("No profile picture.")
    return user.picture_type, user.picture
