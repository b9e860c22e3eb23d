"""identity's entrypoints: load with a contract schema, call a use case, return a dump."""
import base64
import logging
import time
from contextlib import contextmanager

import eventlet
from nameko.extensions import DependencyProvider
from nameko.rpc import RpcProxy
from nameko.timer import timer
from sqlalchemy.exc import IntegrityError

from etwinning_contracts import identity as C
from etwinning_contracts.errors import Conflict, Forbidden
from etwinning_contracts.actor import SYSTEM, actor_to_dict
from etwinning_contracts.names import DIRECTORY, IDENTITY
from etwinning_contracts.runtime.db import Transactions
from etwinning_contracts.runtime.health import HealthEndpoints
from etwinning_contracts.runtime.inbox import Inbox
from etwinning_contracts.runtime.outbox import OutboxRelay
from etwinning_contracts.runtime.rpc import rpc_method
from etwinning_contracts.runtime.settings import env, is_production, require_secret, required_secrets, setting

from . import domain as D
from . import use_cases as uc
from .db import IdempotencyKey, IdentityRepository, InboxEntry, OutboxMessage, ParkedEvent
from .security import Security, password_hasher, public_pem

log = logging.getLogger(__name__)


@contextmanager
def taking_at_least(seconds):
    """An answer that must not tell, by how long it took, whether an address is registered
    (R22): the known address's work (a link stored, an email queued) hidden in a fixed time."""
    started = time.monotonic()
    try:
        yield
    finally:
        eventlet.sleep(max(0.0, started + seconds - time.monotonic()))


class SecurityProvider(DependencyProvider):
    def setup(self):
        pem = require_secret("JWT_PRIVATE_KEY", env("JWT_PRIVATE_KEY"))
        if not pem:
            raise RuntimeError("JWT_PRIVATE_KEY (or JWT_PRIVATE_KEY_FILE) is not set; "
                               "create keys with: python -m identity.keys --out <dir>")
        self.security = Security(pem, password_hasher(env("PASSWORD_HASHING", "strong")))
        self.links_base = self.container.config.get("PUBLIC_BASE_URL", "http://localhost:8000")
        # requests to email a link an hour from one client address (0: no cap)
        self.mail_cap = int(setting(self.container.config, "MAIL_REQUESTS_PER_CLIENT_PER_HOUR",
                                    D.MAIL_REQUESTS_PER_CLIENT_PER_HOUR))

    def get_dependency(self, worker_ctx):
        return self


class ClockPolicy(DependencyProvider):
    """Whether operators may run the lifecycle job at a future date (``SETTABLE_CLOCK: on``): for
    tests and development, where years must pass in minutes. Refused in production, where a
    future date would inactivate and erase accounts that are in use."""

    def setup(self):
        value = self.container.config.get("SETTABLE_CLOCK", False)
        self.settable = str(value).lower() in ("on", "true", "1", "yes")
        if self.settable and is_production():
            raise RuntimeError("SETTABLE_CLOCK is for development and tests only")

    def get_dependency(self, worker_ctx):
        return self


def registration_race(conflict):
    """A registration that lost a race on the address or the username (often the client's own
    retry): the unit of work answers such a loss with Conflict(concurrent_change). Losing on the
    address must answer as a registration does, or it would tell that the address has an
    account; losing on the username is the usual 409."""
    cause = conflict.__cause__
    if conflict.code != "concurrent_change" or not isinstance(cause, IntegrityError):
        raise conflict
    if "users_username_key" in str(cause.orig):
        raise Conflict("This username is taken; choose another.", {"username": ["Already taken."]},
                       code="username_taken") from None
    return uc.GENERIC_ACCEPTED


class IdentityService(HealthEndpoints):
    name = IDENTITY

    tx = Transactions(OutboxMessage, IdentityRepository, idempotency_model=IdempotencyKey)
    secrets = required_secrets("CURSOR_SECRET")  # signs page cursors (etwinning_contracts.cursors)
    relay = OutboxRelay(OutboxMessage)
    inbox = Inbox(InboxEntry, ParkedEvent)
    sec = SecurityProvider()
    clock_policy = ClockPolicy()
    directory = RpcProxy(DIRECTORY)  # who is whose contact, for the email rule of profiles (R31)

    # registration
    @rpc_method(C.RegisterRpcArgs, C.AcceptedSchema)
    def register_user(self, actor, **args):
        try:
            with self.tx.unit() as uow:
                return uc.register(uow, self.sec.security, self.sec.links_base, mail_cap=self.sec.mail_cap, **args)
        except Conflict as exc:
            return registration_race(exc)

    @rpc_method(C.VerifyArgs, C.AcceptedSchema)
    def verify_email(self, actor, **args):
        return self._counting_failures(lambda uow: uc.begin_link_password(uow, token=args["token"]),
                                       lambda uow: uc.verify_email(uow, self.sec.security, **args),
                                       failure="wrong_password")

    @rpc_method(C.EmailRpcArgs, C.AcceptedSchema)
    def resend_verification(self, actor, **args):
        with taking_at_least(D.UNIFORM_ANSWER_SECONDS), self.tx.unit() as uow:
            return uc.resend_verification(uow, self.sec.links_base, mail_cap=self.sec.mail_cap, **args)

    # schools
    @rpc_method(C.SchoolSearchArgs, C.SchoolSchema, many=True)
    def search_schools(self, actor, **args):
        return self.tx.read(uc.search_schools, **args)

    @rpc_method(C.SchoolIdArgs, C.SchoolMembersSchema)
    def get_school(self, actor, **args):
        return self.tx.read(uc.get_school, actor, **args)

    @rpc_method(C.SchoolUpdateRpcArgs, C.SchoolSchema)
    def update_school(self, actor, **args):
        with self.tx.unit() as uow:
            return uc.update_school(uow, actor, **args)

    @rpc_method(C.SchoolIdArgs, C.SchoolChangeSchema, many=True)
    def list_school_changes(self, actor, **args):
        return self.tx.read(uc.school_history, actor, **args)

    @rpc_method(C.JoinSchoolArgs, C.MembershipSchema, idempotent=True)
    def join_school(self, actor, **args):
        with self.tx.unit() as uow:
            return uc.join_school(uow, actor, links_base=self.sec.links_base, **args)

    @rpc_method(C.MembershipIdArgs, C.MembershipSchema)
    def leave_school(self, actor, **args):
        with self.tx.unit() as uow:
            return uc.leave_school(uow, actor, **args)

    @rpc_method(None, C.MembershipSchema, many=True)
    def list_memberships(self, actor):
        return self.tx.read(uc.my_memberships, actor)

    # validation by the NSO
    @rpc_method(C.ValidationTaskListArgs, C.ValidationTaskPage)
    def list_validation_tasks(self, actor, **args):
        return self.tx.read(uc.list_validation_tasks, actor, **args)

    @rpc_method(C.ValidationSummaryArgs, C.ValidationSummarySchema)
    def validation_summary(self, actor, **args):
        return self.tx.read(uc.validation_summary, actor, **args)

    @rpc_method(C.TaskIdArgs, C.ValidationTaskSchema)
    def get_validation_task(self, actor, **args):
        return self.tx.read(uc.get_validation_task, actor, **args)

    @rpc_method(C.DirectorConfirmationArgs, C.ValidationTaskSchema)
    def record_director_confirmation(self, actor, **args):
        with self.tx.unit() as uow:
            return uc.record_director_confirmation(uow, actor, **args)

    @rpc_method(C.ValidateArgs, C.ValidationTaskSchema)
    def validate_teacher(self, actor, **args):
        with self.tx.unit() as uow:
            return uc.validate_teacher(uow, actor, **args)

    @rpc_method(C.TokenArgs, C.DirectorQuestionSchema)
    def director_question(self, actor, **args):
        return self.tx.read(uc.director_question, **args)

    @rpc_method(C.DirectorAnswerArgs, C.AcceptedSchema)
    def answer_as_director(self, actor, **args):
        with self.tx.unit() as uow:
            return uc.answer_as_director(uow, **args)

    @rpc_method(C.RejectArgs, C.ValidationTaskSchema)
    def reject_teacher(self, actor, **args):
        with self.tx.unit() as uow:
            return uc.reject_teacher(uow, actor, **args)

    # sign-in
    @rpc_method(C.LoginRpcArgs, C.TokensSchema)
    def login(self, actor, **args):
        return self._counting_failures(lambda uow: uc.begin_sign_in(uow, login=args["login"], client=args.get("client")),
                                       lambda uow: uc.login(uow, self.sec.security, **args))

    def _counting_failures(self, begin, check, failure="bad_credentials"):
        """A password check counted as a failure in its own transaction before the password is
        checked, so that it stays counted when the check fails and parallel guesses see each
        other; forgotten when the refusal was for another reason (the password was right)."""
        with self.tx.unit() as uow:
            attempt = begin(uow)
        try:
            with self.tx.unit() as uow:
                return check(uow)
        except Exception as exc:
            if getattr(exc, "code", None) != failure:
                with self.tx.unit() as uow:
                    uc.forget_sign_in_attempt(uow, attempt)
            raise

    @rpc_method(C.RefreshArgs, C.TokensSchema)
    def refresh_tokens(self, actor, **args):
        try:
            with self.tx.unit() as uow:
                return uc.refresh(uow, self.sec.security, **args)
        except Exception as exc:
            if getattr(exc, "code", None) == "refresh_reused":
                with self.tx.unit() as uow:  # the revocation must survive the refusal
                    uc.logout(uow, reason="refresh_reused", **args)
            raise

    @rpc_method(C.RefreshArgs, C.SignedOutSchema)
    def logout(self, actor, **args):
        with self.tx.unit() as uow:
            return uc.logout(uow, **args)

    @rpc_method(C.EmailRpcArgs, C.AcceptedSchema)
    def request_password_reset(self, actor, **args):
        with taking_at_least(D.UNIFORM_ANSWER_SECONDS), self.tx.unit() as uow:
            return uc.request_password_reset(uow, self.sec.links_base, mail_cap=self.sec.mail_cap, **args)

    @rpc_method(C.EmailChangeArgs, C.AcceptedSchema)
    def request_email_change(self, actor, **args):
        with taking_at_least(D.UNIFORM_ANSWER_SECONDS):  # an address in use sends nothing
            return self._counting_failures(
                lambda uow: uc.begin_password_check(uow, actor),
                lambda uow: uc.request_email_change(uow, self.sec.security, self.sec.links_base, actor, **args))

    @rpc_method(C.TokenArgs, C.AcceptedSchema)
    def confirm_email_change(self, actor, **args):
        with self.tx.unit() as uow:
            return uc.confirm_email_change(uow, **args)

    @rpc_method(C.ResetPasswordArgs, C.AcceptedSchema)
    def reset_password(self, actor, **args):
        with self.tx.unit() as uow:
            return uc.reset_password(uow, self.sec.security, **args)

    @rpc_method(C.ChangePasswordArgs, C.TokensSchema)
    def change_password(self, actor, **args):
        return self._counting_failures(lambda uow: uc.begin_password_check(uow, actor),
                                       lambda uow: uc.change_password(uow, self.sec.security, actor, **args))

    @rpc_method()
    def get_public_key(self, actor):
        return {"kid": self.sec.security.key_id, "pem": public_pem(self.sec.security.private_key)}

    # profile
    @rpc_method(None, C.ProfileSchema)
    def get_my_profile(self, actor):
        return self.tx.read(uc.my_profile, actor)

    @rpc_method(C.UserIdArgs, C.ProfileSchema)
    def get_profile(self, actor, **args):
        # read first, then (rarely) ask directory: no database connection waits on another service
        return uc.show_email_to_contact(self.tx.read(uc.view_profile, actor, **args), actor.user_id,
                                        self._is_contact)

    CONTACT_CHECK_TIMEOUT = 2.0

    def _is_contact(self, owner_id, viewer_id):
        """Whether directory knows the two as contacts. An answer that does not come (directory
        slow or down) counts as no: an address is shown only when that is sure."""
        answer = None
        try:
            with eventlet.Timeout(self.CONTACT_CHECK_TIMEOUT, False):  # False: on time out, leave the block
                answer = self.directory.check_contacts(actor=actor_to_dict(SYSTEM), user_id=str(owner_id),
                                                       other_user_ids=[str(viewer_id)])
        except Exception as exc:
            log.warning("contact check for a profile's email failed: %s", type(exc).__name__)
        if answer is None:
            return False
        return str(viewer_id) in {str(c) for c in answer["contacts"]}

    @rpc_method(C.ProfileUpdateArgs, C.ProfileSchema)
    def update_profile(self, actor, **args):
        with self.tx.unit() as uow:
            return uc.update_profile(uow, actor, **args)

    @rpc_method(C.PictureArgs, C.AcceptedSchema)
    def set_picture(self, actor, content_type, data_b64):
        with self.tx.unit() as uow:
            return uc.set_picture(uow, actor, content_type=content_type, data=base64.b64decode(data_b64))

    @rpc_method(C.UserIdArgs, C.PictureSchema)
    def get_picture(self, actor, **args):
        with self.tx.unit() as uow:
            content_type, data = uc.get_picture(uow, actor, **args)
        return {"content_type": content_type, "data_b64": base64.b64encode(data).decode()}

    # staff actions
    @rpc_method(C.BlockArgs, C.ProfileSchema)
    def block_user(self, actor, **args):
        with self.tx.unit() as uow:
            return uc.block(uow, actor, **args)

    @rpc_method(C.UserIdArgs, C.ProfileSchema)
    def unblock_user(self, actor, **args):
        with self.tx.unit() as uow:
            return uc.unblock(uow, actor, **args)

    @rpc_method(C.UserIdArgs, C.ProfileSchema)
    def reactivate_user(self, actor, **args):
        with self.tx.unit() as uow:
            return uc.reactivate(uow, actor, **args)

    # login history (R21)
    @rpc_method(C.LoginHistoryArgs, C.LoginRecordSchema, many=True)
    def list_my_logins(self, actor, **args):
        return self.tx.read(uc.my_logins, actor, **args)

    @rpc_method(C.UserLoginHistoryArgs, C.LoginRecordSchema, many=True)
    def list_user_logins(self, actor, **args):
        return self.tx.read(uc.user_logins, actor, **args)

    # staff roles (R48)
    @rpc_method(C.StaffListArgs, C.StaffSchema, many=True)
    def list_staff(self, actor, **args):
        return self.tx.read(uc.list_staff, actor, **args)

    @rpc_method(C.StaffUpdateArgs, C.StaffSchema)
    def update_staff(self, actor, **args):
        with self.tx.unit() as uow:
            return uc.update_staff(uow, actor, **args)

    @rpc_method(C.UserIdArgs, C.StaffSchema)
    def revoke_staff(self, actor, **args):
        with self.tx.unit() as uow:
            return uc.revoke_staff(uow, actor, **args)

    # deletion
    @rpc_method(None, C.AcceptedSchema)
    def request_account_deletion(self, actor):
        with self.tx.unit() as uow:
            return uc.request_deletion(uow, actor, self.sec.links_base)

    @rpc_method(C.UserIdArgs, C.AcceptedSchema)
    def request_deletion_for_user(self, actor, **args):
        with self.tx.unit() as uow:
            return uc.request_deletion_for(uow, actor, links_base=self.sec.links_base, **args)

    @rpc_method(C.TokenArgs, C.AcceptedSchema)
    def confirm_account_deletion(self, actor, **args):
        with self.tx.unit() as uow:
            return uc.confirm_deletion(uow, **args)

    # reference data
    @rpc_method(C.CountryListArgs, C.CountrySchema, many=True)
    def list_countries(self, actor, **args):
        return self.tx.read(uc.list_countries, **args)

    @rpc_method(None, C.NsoSchema, many=True)
    def list_nsos(self, actor):
        return self.tx.read(uc.list_nsos)

    @rpc_method(C.CountryUpdateArgs, C.CountrySchema)
    def update_country(self, actor, **args):
        with self.tx.unit() as uow:
            return uc.update_country(uow, actor, **args)

    @rpc_method(C.NsoUpdateArgs, C.NsoSchema)
    def update_nso(self, actor, **args):
        with self.tx.unit() as uow:
            return uc.update_nso(uow, actor, **args)

    # the daily lifecycle job (R43); also callable by operators with a chosen date, one batch a
    # call (well within the gateway's timeout): the answer's ``more`` says to call again
    @rpc_method(C.LifecycleArgs, C.LifecycleResultSchema)
    def run_lifecycle(self, actor, now=None):
        if "system" not in actor.roles and not actor.is_css:
            raise Forbidden("Only the scheduler or central staff run the lifecycle job.")
        with self.tx.unit() as uow:
            return uc.run_lifecycle(uow, now=now, settable_clock=self.clock_policy.settable)

    # batches of one transaction each, so a backlog never holds locks or a worker for long;
    # what one run leaves, the next hour's takes on
    LIFECYCLE_BATCHES_PER_RUN = 50

    @timer(interval=3600)
    def lifecycle_timer(self):
        for _ in range(self.LIFECYCLE_BATCHES_PER_RUN):
            with self.tx.unit() as uow:
                result = uc.run_lifecycle(uow)
            if any(result.values()):
                log.info("lifecycle job: %s", result)
            if not result["more"]:
                break
