"""Routes served by identity: registration, sign-in, profile, schools, NSO validation,
staff actions and reference data. Each one is a single call to the identity service."""
import base64

from etwinning_contracts import identity as C

from . import i18n
from . import schemas as S
from .api import UnsupportedMediaType, read_raw_body, route

ERR_INPUT = (400, 422)
ERR_AUTH = (401,)
ERR_STAFF = (401, 403)
MAX_PICTURE = 2 * 1024 * 1024
PICTURE_TYPES = ("image/png", "image/jpeg", "image/webp")
MAIL_CAP = ("Requests that email a link (registrations, links sent again, forgotten passwords) are capped per "
            "client address: past 60 an hour, 429 (too_many_mail_requests) with Retry-After.")


class IdentityRoutes:
    def identity(self, method, actor=None, **kwargs):
        return self.rpc("identity", method, actor, **kwargs)

    # ------------------------------------------------------------ registration
    @route("POST", "/api/v1/registrations", summary="Register (phase one): sends a verification link",
           tags=["registration"], auth="none", body=C.RegisterArgs, response=C.AcceptedSchema, status=202,
           errors=ERR_INPUT + (409, 429),
           description="Answers 202 whether or not the address is already registered, so nobody can "
                       "probe which addresses have accounts. A taken username is a 409. " + MAIL_CAP)
    def register(self, actor, **body):
        return 202, self.identity("register_user", client=self.client_address(), **body)

    @route("POST", "/api/v1/registrations/verify", summary="Follow the emailed verification link",
           tags=["registration"], auth="none", body=C.VerifyArgs, response=C.AcceptedSchema,
           errors=ERR_INPUT + (404, 409, 410, 429),
           description="The link proves the mailbox; the password chosen when registering says which "
                       "registration of the address is yours (422 wrong_password for any other: someone "
                       "else's registration of your address is never confirmed by you; after 5 wrong ones "
                       "in 15 minutes, 429 password_locked). 409 when your username was taken by another "
                       "account meanwhile.")
    def verify(self, actor, **body):
        return 200, self.identity("verify_email", **body)

    @route("POST", "/api/v1/registrations/resend", summary="Send the verification link again",
           tags=["registration"], auth="none", body=C.EmailArgs, response=C.AcceptedSchema, status=202,
           errors=ERR_INPUT + (429,), description=MAIL_CAP)
    def resend(self, actor, **body):
        return 202, self.identity("resend_verification", client=self.client_address(), **body)

    # ------------------------------------------------------------ sign-in
    @route("POST", "/api/v1/auth/login", summary="Sign in with email or username and password",
           tags=["auth"], auth="none", body=C.LoginArgs, response=C.TokensSchema,
           errors=ERR_INPUT + (401, 403, 429),
           description="A blocked account is refused (403, code blocked) with its NSO's contacts; an "
                       "address not confirmed yet (403, email_unverified) only with a password registered "
                       "for it. After 5 wrong passwords for one login (an address and a username count "
                       "apart) from one client address, that client is refused it for 15 minutes (429, "
                       "login_locked); after 50 from everywhere, everyone is.")
    def login(self, actor, **body):
        # failed sign-ins lock the address they come from out of the login first (identity)
        return 200, self.identity("login", client=self.client_address(), **body)

    @route("POST", "/api/v1/auth/refresh", summary="Exchange a refresh token for new tokens",
           tags=["auth"], auth="none", body=C.RefreshArgs, response=C.TokensSchema, errors=ERR_INPUT + (401,),
           description="Counts as a login for the inactivity rules (at most once a day), and reactivates "
                       "an inactive account as a login does.")
    def refresh(self, actor, **body):
        return 200, self.identity("refresh_tokens", **body)

    @route("POST", "/api/v1/auth/logout", summary="Sign out (revokes the refresh token)",
           tags=["auth"], auth="none", body=C.RefreshArgs, response=C.AcceptedSchema, errors=ERR_INPUT)
    def logout(self, actor, **body):
        signed_out = self.identity("logout", **body)
        session_id = signed_out.pop("session_id", None)
        if session_id:  # this replica refuses the session's tokens before answering; others by event
            self.revocations.end_session(str(session_id))
        return 200, signed_out

    @route("POST", "/api/v1/auth/password-reset", summary="Forgot password: email a reset link",
           tags=["auth"], auth="none", body=C.EmailArgs, response=C.AcceptedSchema, status=202,
           errors=ERR_INPUT + (429,), description=MAIL_CAP)
    def forgot_password(self, actor, **body):
        return 202, self.identity("request_password_reset", client=self.client_address(), **body)

    @route("POST", "/api/v1/auth/password-reset/confirm", summary="Set a new password with the emailed link",
           tags=["auth"], auth="none", body=C.ResetPasswordArgs, response=C.AcceptedSchema,
           errors=ERR_INPUT + (404, 410),
           description="When the link is not valid, used or expired, the problem document also points to "
                       "the National Support Organisations' contacts (its member support: /api/v1/nsos).")
    def reset_password(self, actor, **body):
        return 200, self.identity("reset_password", **body)

    # ------------------------------------------------------------ my account
    @route("GET", "/api/v1/me", summary="My profile, schools and validation pipeline", tags=["me"],
           response=C.ProfileSchema, errors=ERR_AUTH + (404,))
    def me(self, actor):
        return 200, self.identity("get_my_profile", actor)

    @route("PATCH", "/api/v1/me", summary="Edit my profile, preferences, privacy and availability",
           tags=["me"], body=C.ProfileUpdateArgs, response=C.ProfileSchema, errors=ERR_INPUT + ERR_AUTH + (404,))
    def update_me(self, actor, **body):
        return 200, self.identity("update_profile", actor, **body)

    @route("POST", "/api/v1/me/password", summary="Change my password", tags=["me"],
           body=C.ChangePasswordArgs, response=C.TokensSchema, errors=ERR_INPUT + ERR_AUTH + (429,),
           description="Signs out every session, this one included, and answers new tokens for this one. "
                       "A wrong current password is a 422 bad_credentials; after 5 in 15 minutes (here and "
                       "in email changes) the account's password checks are refused for 15 minutes "
                       "(429, password_locked).")
    def change_password(self, actor, **body):
        return 200, self.identity("change_password", actor, **body)

    @route("PUT", "/api/v1/me/picture", summary="Upload my profile picture (PNG, JPEG or WebP, at most 2 MB)",
           tags=["me"], body_content_types=PICTURE_TYPES, response=C.AcceptedSchema,
           errors=ERR_INPUT + ERR_AUTH + (413, 415))
    def put_picture(self, actor):
        request = self.request
        if request.mimetype not in PICTURE_TYPES:
            raise UnsupportedMediaType("Send the picture as image/png, image/jpeg or image/webp.")
        data = read_raw_body(request, MAX_PICTURE, "The picture is larger than 2 MB.")
        return 200, self.identity("set_picture", actor, content_type=request.mimetype,
                                  data_b64=base64.b64encode(data).decode())

    @route("POST", "/api/v1/me/email-change", summary="Change my email address: emails a link to the new one",
           tags=["me"], body=C.EmailChangeArgs, response=C.AcceptedSchema, status=202,
           errors=ERR_INPUT + ERR_AUTH + (404, 429),
           description="Needs the current password (422 bad_credentials; 429 password_locked after 5 wrong ones "
                       "in 15 minutes, as for password changes). The address changes when the link "
                       "sent to the new address is opened (POST /api/v1/email-changes/confirm), and the old "
                       "address is told. An address already in use gets the same answer and no link.")
    def request_email_change(self, actor, **body):
        return 202, self.identity("request_email_change", actor, **body)

    @route("POST", "/api/v1/email-changes/confirm", summary="Confirm a new email address with the emailed link",
           tags=["me"], auth="none", body=C.TokenArgs, response=C.AcceptedSchema,
           errors=ERR_INPUT + (404, 409, 410),
           description="409 email_taken when another account registered the address meanwhile.")
    def confirm_email_change(self, actor, **body):
        return 200, self.identity("confirm_email_change", **body)

    @route("POST", "/api/v1/me/deletion-request", summary="Delete my account: emails a confirmation link",
           tags=["me"], response=C.AcceptedSchema, status=202, errors=ERR_AUTH + (404, 429))
    def request_deletion(self, actor):
        return 202, self.identity("request_account_deletion", actor)

    @route("POST", "/api/v1/account-deletions/confirm", summary="Confirm account deletion with the emailed link",
           tags=["me"], auth="none", body=C.TokenArgs, response=C.AcceptedSchema, errors=ERR_INPUT + (404, 410))
    def confirm_deletion(self, actor, **body):
        return 200, self.identity("confirm_account_deletion", **body)

    @route("GET", "/api/v1/me/logins", summary="My recent logins (at most the last 100)", tags=["me"],
           query=C.LoginHistoryArgs, response=C.LoginRecordSchema, many=True, errors=ERR_INPUT + ERR_AUTH + (404,))
    def my_logins(self, actor, **query):
        return 200, self.identity("list_my_logins", actor, **query)

    @route("GET", "/api/v1/me/schools", summary="My schools, current and past (school history)", tags=["me"],
           response=C.MembershipSchema, many=True, errors=ERR_AUTH)
    def my_schools(self, actor):
        return 200, self.identity("list_memberships", actor)

    @route("POST", "/api/v1/me/schools", summary="Pick an existing school or register a new one",
           tags=["me", "schools"], body=C.JoinSchoolArgs, response=C.MembershipSchema, status=201,
           errors=ERR_INPUT + ERR_AUTH + (403, 404, 409),
           description="The school step of registration and, later, 'Add organisation'. Creates a "
                       "validation task for the NSO of the school's country. A new school that is already "
                       "registered (same name and town in the country, however spelt) is a 409 whose "
                       "errors.existing_school_id names it. Asking again for a school whose validation was "
                       "rejected opens a new validation task. Takes an Idempotency-Key: a retry with it "
                       "answers the first response instead of a 409 already_member.",
           idempotent=True)
    def join_school(self, actor, **body):
        return 201, self.identity("join_school", actor, **body)

    @route("DELETE", "/api/v1/me/schools/<membership_id>", summary="Leave a school (kept in the history)",
           tags=["me", "schools"], path_schema=S.MembershipPath, response=C.MembershipSchema,
           errors=ERR_AUTH + (404, 409))
    def leave_school(self, actor, membership_id):
        return 200, self.identity("leave_school", actor, membership_id=membership_id)

    # ------------------------------------------------------------ people and schools
    @route("GET", "/api/v1/users/<user_id>", summary="A user's profile (privacy applies)", tags=["people"],
           auth="optional", path_schema=S.UserPath, response=C.ProfileSchema, errors=(401, 404))
    def profile(self, actor, user_id):
        data = self.identity("get_profile", actor, user_id=user_id)
        public = (data.get("privacy") or {}).get("profile_public", False)
        # Non-public profiles must stay out of search engines (R236).
        return 200, data, ({} if public else {"X-Robots-Tag": "noindex, nofollow"})

    @route("GET", "/api/v1/users/<user_id>/picture", summary="A user's profile picture", tags=["people"],
           auth="optional", path_schema=S.UserPath, raw_response="image/*", errors=(401, 404))
    def picture(self, actor, user_id):
        from werkzeug.wrappers import Response

        data = self.identity("get_picture", actor, user_id=user_id)
        return 200, Response(base64.b64decode(data["data_b64"]), content_type=data["content_type"],
                             headers={"Cache-Control": "private, max-age=300", "X-Content-Type-Options": "nosniff"})

    @route("GET", "/api/v1/schools", summary="Search the school registry (name, town, country)",
           tags=["schools"], auth="none", query=C.SchoolSearchArgs, response=C.SchoolSchema, many=True,
           errors=ERR_INPUT)
    def search_schools(self, actor, **query):
        return 200, self.identity("search_schools", **query)

    @route("GET", "/api/v1/schools/<school_id>", summary="A school's profile and its teachers",
           tags=["schools"], auth="optional", path_schema=S.SchoolPath, response=C.SchoolMembersSchema,
           errors=(401, 404))
    def school(self, actor, school_id):
        return 200, self.identity("get_school", actor, school_id=school_id)

    @route("PATCH", "/api/v1/schools/<school_id>", summary="Edit the school profile (validated members; audited)",
           tags=["schools"], path_schema=S.SchoolPath, body=C.SchoolUpdateArgs, response=C.SchoolSchema,
           errors=ERR_INPUT + ERR_STAFF + (404, 409),
           description="Members whose membership of the school is validated may edit it; until anyone has "
                       "been validated for the school, the member who registered it may too. A member corrects "
                       "the name or the town, one at a time, and the name only as far as its spelling (403, "
                       "school_identity_change): a teacher who changed schools leaves this one and adds the "
                       "new one (R37). The school's NSO (and central staff) edit anything but the country.")
    def update_school(self, actor, school_id, **changes):
        return 200, self.identity("update_school", actor, school_id=school_id, changes=changes)

    @route("GET", "/api/v1/schools/<school_id>/changes", summary="Audit trail of school profile edits",
           tags=["schools"], path_schema=S.SchoolPath, response=C.SchoolChangeSchema, many=True,
           errors=ERR_STAFF + (404,))
    def school_changes(self, actor, school_id):
        return 200, self.identity("list_school_changes", actor, school_id=school_id)

    # ------------------------------------------------------------ NSO validation
    @route("GET", "/api/v1/validation-tasks", summary="The NSO's validation queue (own country only)",
           tags=["nso"], query=C.ValidationTaskListArgs, response=C.ValidationTaskPage,
           errors=ERR_INPUT + ERR_STAFF,
           description="Oldest first, a page at a time: follow next_cursor. An integration that validates "
                       "tasks as it pages skips none.")
    def validation_tasks(self, actor, **query):
        return 200, self.identity("list_validation_tasks", actor, **query)

    @route("GET", "/api/v1/validation-tasks/summary", summary="The validation pipeline at a glance, per country",
           tags=["nso"], query=C.ValidationSummaryArgs, response=C.ValidationSummarySchema,
           errors=ERR_INPUT + ERR_STAFF,
           description="What waits and on whom (the director's confirmation, or the officers' decision), what "
                       "is past its 30 days, and how fast the last 30 days' decisions came. NSO validators see "
                       "their own country (their region, where the NSO has regions); central staff every country "
                       "with tasks, or the one asked for.")
    def validation_summary(self, actor, **query):
        return 200, self.identity("validation_summary", actor, **query)

    @route("GET", "/api/v1/validation-tasks/<task_id>", summary="One validation task as it stands",
           tags=["nso"], path_schema=S.TaskPath, response=C.ValidationTaskSchema, errors=ERR_STAFF + (404,),
           description="Whatever its state: open, validated, rejected, or void (the teacher left the school "
                       "before a decision; void tasks are in no list).")
    def validation_task(self, actor, task_id):
        return 200, self.identity("get_validation_task", actor, task_id=task_id)

    @route("POST", "/api/v1/validation-tasks/<task_id>/director-confirmation",
           summary="Record the school director's confirmation", tags=["nso"], path_schema=S.TaskPath,
           body=S.DirectorConfirmationBody, response=C.ValidationTaskSchema,
           errors=ERR_INPUT + ERR_STAFF + (404, 409))
    def director_confirmation(self, actor, task_id, **body):
        return 200, self.identity("record_director_confirmation", actor, task_id=task_id, **body)

    @route("POST", "/api/v1/validation-tasks/<task_id>/validate", summary="Validate the teacher",
           tags=["nso"], path_schema=S.TaskPath, body=C.ValidateBody, response=C.ValidationTaskSchema,
           errors=ERR_INPUT + ERR_STAFF + (404, 409),
           description="Once the director's confirmation is recorded (409 director_confirmation_missing "
                       "before). A decided task is a 409 task_closed; a rejected one may be validated after "
                       "all with {\"reconsider\": true}.")
    def validate(self, actor, task_id, **body):
        return 200, self.identity("validate_teacher", actor, task_id=task_id, **body)

    @route("POST", "/api/v1/director-answers", summary="A school director confirms or denies that an "
           "applicant works at the school (the emailed link)", tags=["nso"], auth="none", body=C.DirectorAnswerArgs,
           response=C.AcceptedSchema, errors=ERR_INPUT + (404, 410),
           description="When a teacher joins a school whose director's address is known, the director is "
                       "emailed a single-use link (A22). A confirmation counts as the director's confirmation "
                       "the NSO needs before validating; a denial is shown to the NSO, who decides.")
    def director_answer(self, actor, **body):
        return 200, self.identity("answer_as_director", **body)

    @route("POST", "/api/v1/validation-tasks/<task_id>/reject", summary="Reject the validation with a reason",
           tags=["nso"], path_schema=S.TaskPath, body=S.RejectBody, response=C.ValidationTaskSchema,
           errors=ERR_INPUT + ERR_STAFF + (404, 409))
    def reject(self, actor, task_id, **body):
        return 200, self.identity("reject_teacher", actor, task_id=task_id, **body)

    # ------------------------------------------------------------ staff account actions
    @route("POST", "/api/v1/users/<user_id>/block", summary="Block an account (NSO of its country or CSS)",
           tags=["nso"], path_schema=S.UserPath, body=S.BlockBody, response=C.ProfileSchema,
           errors=ERR_INPUT + ERR_STAFF + (404, 409))
    def block(self, actor, user_id, **body):
        return 200, self.identity("block_user", actor, user_id=user_id, **body)

    @route("POST", "/api/v1/users/<user_id>/unblock", summary="Unblock an account", tags=["nso"],
           path_schema=S.UserPath, response=C.ProfileSchema, errors=ERR_STAFF + (404, 409))
    def unblock(self, actor, user_id):
        return 200, self.identity("unblock_user", actor, user_id=user_id)

    @route("POST", "/api/v1/users/<user_id>/reactivate", summary="Reactivate an inactive account",
           tags=["nso"], path_schema=S.UserPath, response=C.ProfileSchema, errors=ERR_STAFF + (404, 409))
    def reactivate(self, actor, user_id):
        return 200, self.identity("reactivate_user", actor, user_id=user_id)

    @route("POST", "/api/v1/users/<user_id>/deletion-request",
           summary="Send a user the account-deletion confirmation link (a request that came by email)",
           tags=["nso"], path_schema=S.UserPath, response=C.AcceptedSchema, status=202, errors=ERR_STAFF + (404, 429),
           description="For deletion requests that reach the NSO or central staff by email: the same "
                       "confirmation link as the in-app request goes to the account's registered address, "
                       "and nothing is deleted until its owner opens it.")
    def request_deletion_for_user(self, actor, user_id):
        return 202, self.identity("request_deletion_for_user", actor, user_id=user_id)

    @route("GET", "/api/v1/users/<user_id>/logins", summary="A user's recent logins (the user, their NSO or CSS)",
           tags=["nso"], path_schema=S.UserPath, query=C.LoginHistoryArgs, response=C.LoginRecordSchema, many=True,
           errors=ERR_INPUT + ERR_STAFF + (404,))
    def user_logins(self, actor, user_id, **query):
        return 200, self.identity("list_user_logins", actor, user_id=user_id, **query)

    # ------------------------------------------------------------ staff roles
    @route("GET", "/api/v1/staff", summary="Staff accounts (CSS: all; NSO staff: their country)", tags=["admin"],
           query=C.StaffListArgs, response=C.StaffSchema, many=True, errors=ERR_INPUT + ERR_STAFF)
    def staff_list(self, actor, **query):
        return 200, self.identity("list_staff", actor, **query)

    @route("PATCH", "/api/v1/staff/<user_id>", summary="Change an NSO staff member's permissions or region (CSS)",
           tags=["admin"], path_schema=S.UserPath, body=C.StaffChanges, response=C.StaffSchema,
           errors=ERR_INPUT + ERR_STAFF + (404, 409),
           description="An empty permission list revokes every permission; region null makes the officer "
                       "country-wide. The staff member's sessions end, so the next sign-in carries the change.")
    def update_staff(self, actor, user_id, **body):
        return 200, self.identity("update_staff", actor, user_id=user_id, **body)

    @route("DELETE", "/api/v1/staff/<user_id>", summary="Revoke a staff role (CSS); the account stays",
           tags=["admin"], path_schema=S.UserPath, response=C.StaffSchema, errors=ERR_STAFF + (404, 409))
    def revoke_staff(self, actor, user_id):
        return 200, self.identity("revoke_staff", actor, user_id=user_id)

    @route("POST", "/api/v1/admin/lifecycle-runs", summary="Run the inactivity/removal job (and the escalation of late validations) now (CSS)",
           tags=["admin"], body=C.LifecycleArgs, response=C.LifecycleResultSchema, errors=ERR_INPUT + ERR_STAFF,
           description="One batch of accounts per call; while the answer says more: true, call again. `now` "
                       "may not be in the past, and may be in the future only where the clock is settable "
                       "(tests and development): 422 otherwise.")
    def lifecycle(self, actor, **body):
        return 200, self.identity("run_lifecycle", actor, **body)

    # ------------------------------------------------------------ reference data (public)
    @route("GET", "/api/v1/countries", summary="Participating countries with their NSO", tags=["reference"],
           auth="none", query=S.CountryListQuery, response=S.LocalisedCountrySchema, many=True, errors=ERR_INPUT,
           description="The countries taking part today; with all=true every country of the table, each with "
                       "taking_part saying whether it does today.")
    def countries(self, actor, lang, all):
        lang = i18n.pick_language(lang, self.request_language())
        rows = self.identity("list_countries", include_all=all)
        for row in rows:
            row["name"] = i18n.country_name(row["code"], lang)
        return 200, rows

    @route("PATCH", "/api/v1/countries/<code>", summary="Change a country's participation and eligibility (CSS)",
           tags=["reference"], path_schema=S.CountryPath, body=S.CountryFlagsBody, response=S.LocalisedCountrySchema,
           errors=ERR_INPUT + ERR_STAFF + (404, 409),
           description="A country becomes participating only once it has an NSO (409, code nso_missing). It takes "
                       "part from participating_from until the day before participating_until (A49): join or leave "
                       "on a date without a release. eligible_for_nql and eligible_for_awards (A50) default to true.")
    def update_country(self, actor, code, **flags):
        row = self.identity("update_country", actor, code=code, **flags)
        row["name"] = i18n.country_name(row["code"], i18n.pick_language(None, self.request_language()))
        return 200, row

    @route("GET", "/api/v1/nsos", summary="Contact details of every National Support Organisation",
           tags=["reference"], auth="none", response=C.NsoSchema, many=True)
    def nsos(self, actor):
        return 200, self.identity("list_nsos")

    @route("PATCH", "/api/v1/nsos/<code>", summary="Change an NSO's contact details (CSS)", tags=["reference"],
           path_schema=S.CountryPath, body=C.NsoChanges, response=C.NsoSchema, errors=ERR_INPUT + ERR_STAFF + (404,),
           description="For a country without an NSO, creates it (name and email required).")
    def update_nso(self, actor, code, **body):
        return 200, self.identity("update_nso", actor, country=code, **body)

    @route("GET", "/api/v1/vocabularies", summary="Codes and labels of the controlled vocabularies",
           tags=["reference"], auth="none", query=S.LangQuery, response=S.VocabulariesSchema, errors=ERR_INPUT)
    def vocabularies(self, actor, lang):
        return 200, i18n.vocabularies(i18n.pick_language(lang, self.request_language()))
