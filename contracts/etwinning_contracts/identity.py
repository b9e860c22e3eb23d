"""identity's RPC wire: argument and result schemas (the gateway reuses them for HTTP)."""
from datetime import datetime, timezone

import idna
from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from . import vocabularies as V
from .actor import STAFF_PERMISSIONS
from .fields import BLANK_LETTERS, COUNTRY, Distinct, Line, Link, StrictBoolean, text

NAME = validate.Length(min=1, max=100)
# The few long passwords every guessing list starts with (10 characters or more, compared in
# lower case): a length rule alone lets them all through.
COMMON_PASSWORDS = frozenset((
    "1234567890", "0123456789", "0987654321", "12345678910", "123456789a", "1q2w3e4r5t", "1qaz2wsx3edc",
    "qwertyuiop", "asdfghjkl;", "zxcvbnm,./", "password12", "password123", "password1234", "passw0rd123",
    "qwerty1234", "qwerty12345", "iloveyou12", "abcdefghij", "abc1234567", "etwinning1", "etwinning123",
    "passwordpassword", "password1!", "welcome123", "welcome1234", "admin12345", "administrator", "letmein123",
    "letmein1234", "azerty1234", "azertyuiop", "qwertz1234", "zaq12wsxcde", "1qaz2wsx3edc4rfv", "football123",
    "sunshine123", "princess123", "monkey12345", "dragon12345", "starwars123", "trustno1234", "baseball123",
    "superman123", "computer123", "internet123", "teacher123", "teacher1234", "school1234", "erasmus123",
    "etwinning2024", "etwinning2025", "etwinning2026", "password2024", "password2025", "password2026",
))
MIN_DISTINCT_CHARACTERS = 5


def _hard_enough(password):
    """Beyond the length: not a run of few characters ("aaaaaaaaaa", ten spaces) nor one of the
    passwords guessed first."""
    if len(set(password)) < MIN_DISTINCT_CHARACTERS or not password.strip() \
            or password.casefold() in COMMON_PASSWORDS:
        raise ValidationError("This password is too easy to guess: use at least "
                              f"{MIN_DISTINCT_CHARACTERS} different characters, and not a common password.")


PASSWORD = [validate.Length(min=10, max=256, error="Use at least 10 characters (at most 256)."), _hard_enough]
USERNAME = validate.Regexp(r"^[a-zA-Z0-9][a-zA-Z0-9._-]{2,39}$",
                           error="3-40 letters, digits, '.', '_' or '-', starting with a letter or digit.")
TOKEN = validate.Length(min=20, max=200)
REGION = validate.Length(min=1, max=20)

# The levels a school may have (R33: pre-primary to upper-secondary, pupils aged 3 to 19). The
# shared vocabulary also lists "vocational", which is no level of its own: a vocational school
# is registered with the levels it teaches (usually upper_secondary).
SCHOOL_LEVELS = tuple(level for level in V.EDUCATION_LEVELS if level != "vocational")
SCHOOL_LEVEL = validate.OneOf(SCHOOL_LEVELS, error="One of: " + ", ".join(SCHOOL_LEVELS) + " (R33).")


class Strict(Schema):
    class Meta:
        unknown = RAISE


class Address(fields.Email):
    """An email address mail can be delivered to: a local part of at most 64 characters and a
    domain name with a dot in it, not an IP address in brackets nor a bare host name (RFC 5321),
    at most 254 characters in all. An internationalised domain is kept in its ASCII form, so
    each mailbox has one spelling."""

    def __init__(self, **kwargs):
        super().__init__(validate=validate.Length(max=254), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        address = super()._deserialize(value, attr, data, **kwargs)
        local, _, domain = address.rpartition("@")
        # a quoted local part ("ana"@x.org) is the same mailbox as ana@x.org: refused, so each has one spelling
        if len(local) > 64 or local.startswith('"') or domain.startswith("[") or "." not in domain.strip("."):
            raise ValidationError(self.error_messages["invalid"])
        try:  # one spelling per mailbox: exämple.org and xn--exmple-cua.org are the same domain
            domain = idna.encode(domain, uts46=True).decode("ascii")
        except idna.IDNAError:
            raise ValidationError(self.error_messages["invalid"]) from None
        address = f"{local}@{domain}"
        if len(address) > 254:
            raise ValidationError(self.error_messages["invalid"])
        return address


class PersonName(Line):
    """A first or last name as people read it, with a letter in it (a name of dots would show as
    a blank in every search result and card)."""

    def _deserialize(self, value, attr, data, **kwargs):
        name = super()._deserialize(value, attr, data, **kwargs)
        if not any(c.isalpha() and c not in BLANK_LETTERS for c in name):
            raise ValidationError("A name needs at least one letter.")
        return name


class PreferencesSchema(Strict):
    languages = Distinct(fields.String(validate=validate.OneOf(V.LANGUAGES)), validate=validate.Length(max=20))
    subjects = Distinct(fields.String(validate=validate.OneOf(V.SUBJECTS)), validate=validate.Length(max=30))
    age_groups = Distinct(fields.String(validate=validate.OneOf(V.AGE_GROUPS)), validate=validate.Length(max=4))
    ict_use = fields.String(validate=validate.OneOf(V.ICT_USE), allow_none=True)


class RegistrationPreferences(Strict):
    """What TwinFinder matches on, asked for at registration (R10): at least one language,
    subject and age group, and the ICT use. Editable later (PreferencesSchema)."""

    languages = Distinct(fields.String(validate=validate.OneOf(V.LANGUAGES)), required=True,
                            validate=validate.Length(min=1, max=20))
    subjects = Distinct(fields.String(validate=validate.OneOf(V.SUBJECTS)), required=True,
                           validate=validate.Length(min=1, max=30))
    age_groups = Distinct(fields.String(validate=validate.OneOf(V.AGE_GROUPS)), required=True,
                             validate=validate.Length(min=1, max=4))
    ict_use = fields.String(required=True, validate=validate.OneOf(V.ICT_USE))


class PrivacySchema(Strict):
    profile_public = StrictBoolean()
    show_email_to_contacts = StrictBoolean()


class RegisterArgs(Strict):
    email = Address(required=True)
    password = fields.String(required=True, validate=PASSWORD, load_only=True)
    username = fields.String(required=True, validate=USERNAME)
    first_name = PersonName(required=True, validate=NAME)
    last_name = PersonName(required=True, validate=NAME)
    member_type = fields.String(required=True, validate=validate.OneOf(V.MEMBER_TYPES))
    works_in_pre_university_school = StrictBoolean(
        required=True, metadata={"description": "The applicant declares working in an official pre-university school (R1)."})
    interface_language = fields.String(load_default="en", validate=validate.OneOf(V.LANGUAGES))
    preferences = fields.Nested(RegistrationPreferences, required=True)

    @validates_schema
    def declared(self, data, **kwargs):
        if data.get("works_in_pre_university_school") is False:
            raise ValidationError("Only staff of pre-university schools can register.",
                                  "works_in_pre_university_school")

    @validates_schema
    def password_not_the_login(self, data, **kwargs):
        if password_is_a_login(data.get("password"), data.get("email"), data.get("username")):
            raise ValidationError(PASSWORD_IS_A_LOGIN, "password")


PASSWORD_IS_A_LOGIN = "The password cannot be your address or username."


def password_is_a_login(password, email, username):
    """Whether the password is what anyone may know of the account: its address, the address's
    local part or the username, in any case (at registration, reset and change alike)."""
    password, email = (password or "").casefold(), (email or "").casefold()
    return bool(password) and password in (email, email.partition("@")[0], (username or "").casefold())


class AcceptedSchema(Schema):
    status = fields.String(required=True)
    detail = fields.String(required=True)


class SignedOutSchema(AcceptedSchema):
    """The logout RPC's answer: the session it ended, so the gateway that passed the call ends
    it at once; the others hear of it by event (the HTTP answer leaves it out)."""

    session_id = fields.UUID(allow_none=True)


class TokenArgs(Strict):
    token = fields.String(required=True, validate=TOKEN)


class VerifyArgs(TokenArgs):
    """The emailed link proves the mailbox; the password chosen at registration says which
    registration of the address is the person's (someone else may have registered it too)."""

    password = fields.String(required=True, validate=validate.Length(min=1, max=256), load_only=True,
                             metadata={"description": "The password chosen when registering."})


class DirectorQuestionSchema(Schema):
    applicant_name = fields.String(required=True)
    school_name = fields.String(required=True)


class DirectorAnswerArgs(TokenArgs):
    answer = fields.String(required=True, validate=validate.OneOf(("confirmed", "denied")))


class LoginArgs(Strict):
    login = fields.String(required=True, validate=validate.Length(min=1, max=254),
                          metadata={"description": "Email address or username."})
    password = fields.String(required=True, validate=validate.Length(min=1, max=256), load_only=True)


class FromClient(Strict):
    """What the gateway adds to an anonymous request: the address it came from (failed sign-ins
    lock that address out of the login first; requests to email a link are capped per address)."""

    client = fields.String(load_default=None, validate=validate.Length(max=100))


class LoginRpcArgs(LoginArgs, FromClient):
    pass


class RefreshArgs(Strict):
    refresh_token = fields.String(required=True, validate=TOKEN)


class TokensSchema(Schema):
    access_token = fields.String(required=True)
    refresh_token = fields.String(required=True)
    token_type = fields.String(required=True)
    expires_in = fields.Integer(required=True)


class EmailArgs(Strict):
    email = Address(required=True)


class EmailRpcArgs(EmailArgs, FromClient):
    pass


class RegisterRpcArgs(RegisterArgs, FromClient):
    pass


class EmailChangeArgs(Strict):
    new_email = Address(required=True, metadata={
        "description": "The address to use from now on: it changes once the link sent to it is opened."})
    password = fields.String(required=True, validate=validate.Length(min=1, max=256), load_only=True,
                             metadata={"description": "The current password."})


class ResetPasswordArgs(Strict):
    token = fields.String(required=True, validate=TOKEN)
    new_password = fields.String(required=True, validate=PASSWORD, load_only=True)


class ChangePasswordArgs(Strict):
    current_password = fields.String(required=True, validate=validate.Length(min=1, max=256), load_only=True)
    new_password = fields.String(required=True, validate=PASSWORD, load_only=True)


class SchoolSchema(Schema):
    id = fields.UUID(required=True)
    name = fields.String(required=True)
    address = fields.String(allow_none=True)
    town = fields.String(allow_none=True)
    postcode = fields.String(allow_none=True)
    country = fields.String(required=True)
    region = fields.String(allow_none=True)
    education_levels = fields.List(fields.String())
    director_name = fields.String(allow_none=True)
    director_email = fields.String(allow_none=True)
    director_details_missing = fields.Boolean()
    director_details_updated_at = fields.AwareDateTime(allow_none=True, metadata={
        "description": "When a member last entered or confirmed the director's details."})
    director_details_outdated = fields.Boolean(metadata={
        "description": "Not entered or confirmed for a year: a member should update them, or send them "
                       "unchanged to confirm they are current (R15)."})
    registered_at = fields.AwareDateTime()


class NewSchoolArgs(Strict):
    name = Line(required=True, validate=validate.Length(min=2, max=200))
    address = Line(validate=validate.Length(max=300), allow_none=True)
    town = Line(required=True, validate=validate.Length(min=1, max=100))
    postcode = Line(validate=validate.Length(max=20), allow_none=True)
    country = fields.String(required=True, validate=COUNTRY)
    region = fields.String(validate=validate.Length(min=1, max=20), allow_none=True, metadata={
        "description": "One of the NSO's region codes (GET /api/v1/nsos), required where the NSO validates "
                       "region by region (R13)."})
    education_levels = Distinct(fields.String(validate=SCHOOL_LEVEL), required=True,
                                   validate=validate.Length(min=1, max=len(SCHOOL_LEVELS)))
    director_name = Line(validate=validate.Length(max=200), allow_none=True)
    director_email = Address(allow_none=True)


class SchoolUpdateArgs(NewSchoolArgs):
    class Meta:
        unknown = RAISE

    name = Line(validate=validate.Length(min=2, max=200))
    town = Line(validate=validate.Length(min=1, max=100))
    education_levels = Distinct(fields.String(validate=SCHOOL_LEVEL),
                                   validate=validate.Length(min=1, max=len(SCHOOL_LEVELS)))
    country = fields.String(dump_only=True)  # a school never moves country (R37)


class SchoolSearchArgs(Strict):
    q = fields.String(validate=validate.Length(max=200), load_default=None)
    town = fields.String(validate=validate.Length(max=100), load_default=None)
    country = fields.String(validate=COUNTRY, load_default=None)
    limit = fields.Integer(validate=validate.Range(min=1, max=100), load_default=20)
    offset = fields.Integer(validate=validate.Range(min=0, max=10000), load_default=0)


class JoinSchoolArgs(Strict):
    school_id = fields.UUID(load_default=None)
    new_school = fields.Nested(NewSchoolArgs, load_default=None)

    @validates_schema
    def exactly_one(self, data, **kwargs):
        if (data.get("school_id") is None) == (data.get("new_school") is None):
            raise ValidationError("Give either school_id (an existing school) or new_school.", "school_id")


class MembershipSchema(Schema):
    id = fields.UUID(required=True)
    school = fields.Nested(SchoolSchema, required=True)
    started_at = fields.AwareDateTime(required=True)
    ended_at = fields.AwareDateTime(allow_none=True)
    validation_state = fields.String(required=True, metadata={
        "description": "pending, validated or rejected by the NSO; withdrawn: left while pending."})


class ValidationTaskSchema(Schema):
    id = fields.UUID(required=True)
    user_id = fields.UUID(required=True)
    applicant_name = fields.String(allow_none=True)
    applicant_email = fields.String(allow_none=True)
    member_type = fields.String(allow_none=True)
    school = fields.Nested(SchoolSchema, required=True)
    country = fields.String(required=True)
    region = fields.String(allow_none=True)
    state = fields.String(required=True, metadata={
        "description": "open, validated, rejected, or void (the teacher left the school before a decision)."})
    created_at = fields.AwareDateTime(required=True)
    due_at = fields.AwareDateTime(required=True, metadata={
        "description": "When an open task is late: 30 days after it opened, then it is escalated (A22)."})
    director_confirmed_at = fields.AwareDateTime(allow_none=True)
    director_confirmation_channel = fields.String(allow_none=True)
    director_confirmation_note = fields.String(allow_none=True)
    director_asked_at = fields.AwareDateTime(allow_none=True, metadata={
        "description": "When the school's director was emailed a link to confirm or deny (A22)."})
    director_answer = fields.String(allow_none=True, metadata={
        "description": "The director's answer through that link: confirmed, denied, or none yet."})
    director_contact_from_applicant = fields.Boolean(metadata={
        "description": "The director's name and address were last entered by the applicant (a school they "
                       "registered): a yes by link is shown but does not count as the confirmation; the NSO "
                       "checks with the school and records it."})
    decided_at = fields.AwareDateTime(allow_none=True)
    reason = fields.String(allow_none=True, metadata={
        "description": "Why it was rejected; kept when the teacher was validated after all (rejected_at)."})
    rejected_at = fields.AwareDateTime(allow_none=True)


class ValidationTaskPage(Schema):
    items = fields.List(fields.Nested(ValidationTaskSchema), required=True)
    next_cursor = fields.String(allow_none=True, metadata={"description": "null on the last page."})


class ValidationTaskListArgs(Strict):
    state = fields.String(validate=validate.OneOf(("open", "validated", "rejected")), load_default="open")
    country = fields.String(validate=COUNTRY, load_default=None)
    limit = fields.Integer(validate=validate.Range(min=1, max=200), load_default=50)
    cursor = fields.String(load_default=None, validate=validate.Length(max=200), metadata={
        "description": "next_cursor of the previous page. Oldest first; deciding tasks while paging through "
                       "the open ones skips none (an offset would)."})
    overdue = fields.Boolean(load_default=False, metadata={
        "description": "Only open tasks past their due date: the escalation list (A22)."})


class ValidationSummaryArgs(Strict):
    country = fields.String(validate=COUNTRY, load_default=None, metadata={
        "description": "Central staff: one country only. NSO staff: their own country, the default."})


class CountryPipelineSchema(Schema):
    country = fields.String(required=True)
    open = fields.Integer(required=True, metadata={"description": "Open tasks."})
    awaiting_director = fields.Integer(required=True, metadata={
        "description": "Open tasks without the director's confirmation recorded yet (R14)."})
    ready_to_decide = fields.Integer(required=True, metadata={
        "description": "Open tasks whose director's confirmation is recorded: the officers' turn."})
    overdue = fields.Integer(required=True, metadata={"description": "Open tasks past their 30 days (A22)."})
    oldest_open_at = fields.AwareDateTime(allow_none=True, metadata={"description": "When the oldest open task "
                                                                                   "was opened."})
    validated = fields.Integer(required=True, metadata={"description": "Validated since decided_since."})
    rejected = fields.Integer(required=True, metadata={"description": "Rejected since decided_since."})
    median_hours_to_decision = fields.Float(allow_none=True, metadata={
        "description": "Median time from a task's opening to its decision, of those decided since "
                       "decided_since; null when none was."})


class ValidationSummarySchema(Schema):
    decided_since = fields.AwareDateTime(required=True, metadata={"description": "30 days ago."})
    region = fields.String(allow_none=True, metadata={
        "description": "The regional validator's region the figures are limited to; null otherwise."})
    countries = fields.List(fields.Nested(CountryPipelineSchema), required=True)


class DirectorConfirmationArgs(Strict):
    task_id = fields.UUID(required=True)
    channel = fields.String(required=True, validate=validate.OneOf(V.CONFIRMATION_CHANNELS))
    note = fields.String(validate=validate.Length(max=1000), load_default=None, allow_none=True)


class TaskIdArgs(Strict):
    task_id = fields.UUID(required=True)


class ValidateBody(Strict):
    reconsider = StrictBoolean(load_default=False, metadata={
        "description": "Validate a task rejected earlier (A21: the NSO can validate later); without it a "
                       "rejected task is a 409, so that two officers deciding at once never overturn each "
                       "other unawares. The rejection's date and reason stay on the task."})


class ValidateArgs(ValidateBody, TaskIdArgs):
    pass


class RejectArgs(Strict):
    task_id = fields.UUID(required=True)
    reason = text(3, 1000, required=True)


class UserIdArgs(Strict):
    user_id = fields.UUID(required=True)


class BlockArgs(Strict):
    user_id = fields.UUID(required=True)
    reason_category = fields.String(required=True, validate=validate.OneOf(V.BLOCK_REASONS))
    note = fields.String(validate=validate.Length(max=1000), load_default=None, allow_none=True)


class ProfileUpdateArgs(Strict):
    first_name = PersonName(validate=NAME)
    last_name = PersonName(validate=NAME)
    member_type = fields.String(validate=validate.OneOf(V.MEMBER_TYPES))
    interface_language = fields.String(validate=validate.OneOf(V.LANGUAGES))
    preferences = fields.Nested(PreferencesSchema)
    privacy = fields.Nested(PrivacySchema)
    available_for_projects = StrictBoolean()
    about = fields.String(validate=validate.Length(max=2000), allow_none=True)


class PictureArgs(Strict):
    content_type = fields.String(required=True, validate=validate.OneOf(("image/png", "image/jpeg", "image/webp")))
    data_b64 = fields.String(required=True, validate=validate.Length(max=3_000_000))


class PictureSchema(Schema):
    content_type = fields.String(required=True)
    data_b64 = fields.String(required=True)


class NsoSchema(Schema):
    country = fields.String(required=True)
    name = fields.String(required=True)
    email = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    website = fields.String(allow_none=True)
    regions = fields.List(fields.Dict())


class NextStepSchema(Schema):
    code = fields.String(required=True, metadata={
        "description": "add_school, await_validation (with due_at) or contact_nso (the validation was refused)."})
    detail = fields.String(required=True)
    due_at = fields.AwareDateTime(allow_none=True, metadata={"description": "When the validation is due (A22)."})


class ProfileSchema(Schema):
    """A user's own profile (everything) or another user's view of it (filtered by privacy)."""

    id = fields.UUID(required=True)
    username = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    first_name = fields.String(allow_none=True)
    last_name = fields.String(allow_none=True)
    member_type = fields.String(allow_none=True)
    state = fields.String(allow_none=True)
    etwinning_validated = fields.Boolean()
    interface_language = fields.String(allow_none=True)
    preferences = fields.Nested(PreferencesSchema)
    privacy = fields.Nested(PrivacySchema)
    available_for_projects = fields.Boolean()
    about = fields.String(allow_none=True)
    has_picture = fields.Boolean()
    schools = fields.List(fields.Nested(MembershipSchema))
    roles = fields.List(fields.String())
    staff_country = fields.String(allow_none=True)
    nso = fields.Nested(NsoSchema, allow_none=True)
    registered_at = fields.AwareDateTime(allow_none=True)
    last_login_at = fields.AwareDateTime(allow_none=True)
    block_reason = fields.String(allow_none=True)
    validation = fields.List(fields.Nested(ValidationTaskSchema))
    next_step = fields.Nested(NextStepSchema, allow_none=True, metadata={
        "description": "To the account's owner and staff: what comes next on the way to taking part; null "
                       "when nothing does."})


class CountrySchema(Schema):
    code = fields.String(required=True)
    taking_part = fields.Boolean(metadata={
        "description": "Whether it takes part today: participating, and today within its dates."})
    participating = fields.Boolean(required=True)
    etwinning_plus = fields.Boolean(required=True)
    participating_from = fields.Date(allow_none=True, metadata={"description": "Takes part from this day (A49)."})
    participating_until = fields.Date(allow_none=True, metadata={
        "description": "The first day it no longer takes part; schools cannot be registered from then (A49)."})
    eligible_for_nql = fields.Boolean(metadata={"description": "Its schools may apply for National Quality Labels."})
    eligible_for_awards = fields.Boolean(metadata={"description": "Its schools may compete for awards (A50)."})
    nso = fields.Nested(NsoSchema, allow_none=True)


class CountryListArgs(Strict):
    include_all = fields.Boolean(load_default=False)


class CountryChanges(Strict):
    participating = StrictBoolean()
    etwinning_plus = StrictBoolean()
    participating_from = fields.Date(allow_none=True)
    participating_until = fields.Date(allow_none=True)
    eligible_for_nql = StrictBoolean()
    eligible_for_awards = StrictBoolean()


class CountryUpdateArgs(CountryChanges):
    code = fields.String(required=True, validate=COUNTRY)


class SchoolMembersSchema(Schema):
    school = fields.Nested(SchoolSchema, required=True)
    teachers = fields.List(fields.Dict())


class SchoolChangeSchema(Schema):
    changed_at = fields.AwareDateTime(required=True)
    changed_by = fields.UUID(allow_none=True)
    changes = fields.Dict()


class MembershipIdArgs(Strict):
    membership_id = fields.UUID(required=True)


class SchoolIdArgs(Strict):
    school_id = fields.UUID(required=True)


class SchoolUpdateRpcArgs(Strict):
    school_id = fields.UUID(required=True)
    changes = fields.Nested(SchoolUpdateArgs, required=True)


class LifecycleArgs(Strict):
    now = fields.AwareDateTime(
        load_default=None,
        validate=validate.Range(min=datetime(2000, 1, 1, tzinfo=timezone.utc),
                                max=datetime(2999, 12, 31, tzinfo=timezone.utc),
                                error="A date between 2000 and 2999."),
        metadata={"description": "The date to apply the rules at (default: now). Never in the past; in the "
                                 "future only where the service's clock is settable (tests, development)."})


class LifecycleResultSchema(Schema):
    inactivated = fields.Integer()
    removed = fields.Integer()
    warned = fields.Integer(metadata={"description": "Owners told that inactivity or removal comes in a month."})
    purged_unverified = fields.Integer()
    escalated = fields.Integer(metadata={"description": "Validation tasks newly past their 30 days, reported to "
                                                        "central staff and the country's validators (A22); "
                                                        "done in the run of 06:00-07:00 UTC."})
    more = fields.Boolean(metadata={"description": "A batch was full: more accounts are due; run again."})


class LoginHistoryArgs(Strict):
    limit = fields.Integer(validate=validate.Range(min=1, max=100), load_default=100)


class UserLoginHistoryArgs(LoginHistoryArgs):
    user_id = fields.UUID(required=True)


class LoginRecordSchema(Schema):
    at = fields.AwareDateTime(required=True)
    method = fields.String(required=True, metadata={"description": "password, or refresh (a day's first "
                                                                   "token refresh of a signed-in app)"})


class StaffSchema(Schema):
    id = fields.UUID(required=True)
    email = fields.String(allow_none=True)
    first_name = fields.String(allow_none=True)
    last_name = fields.String(allow_none=True)
    role = fields.String(required=True)
    country = fields.String(allow_none=True)
    region = fields.String(allow_none=True)
    permissions = fields.List(fields.String())
    state = fields.String(required=True)
    last_login_at = fields.AwareDateTime(allow_none=True)


class StaffListArgs(Strict):
    country = fields.String(validate=COUNTRY, load_default=None)


class StaffChanges(Strict):
    """What central staff change on an NSO staff member (R48); an empty permission list revokes
    them all, a null region makes the officer country-wide."""

    permissions = Distinct(fields.String(validate=validate.OneOf(STAFF_PERMISSIONS)),
                              validate=validate.Length(max=len(STAFF_PERMISSIONS)))
    region = fields.String(validate=REGION, allow_none=True)

    @validates_schema
    def not_empty(self, data, **kwargs):
        if not {"permissions", "region"} & set(data):
            raise ValidationError("Give permissions, region or both.", "_schema")


class StaffUpdateArgs(StaffChanges):
    user_id = fields.UUID(required=True)


class NsoChanges(Strict):
    name = fields.String(validate=validate.Length(min=2, max=200))
    email = Address()
    phone = fields.String(validate=validate.Length(max=50), allow_none=True)
    website = Link(validate=validate.Length(max=300), allow_none=True)

    @validates_schema
    def not_empty(self, data, **kwargs):
        if not {"name", "email", "phone", "website"} & set(data):
            raise ValidationError("Give at least one of name, email, phone, website.", "_schema")


class NsoUpdateArgs(NsoChanges):
    country = fields.String(required=True, validate=COUNTRY)
