"""Staff accounts: the owner's team (``/v1/admin/staff``) and each member's own sign-in,
second factor and sessions (``/v1/staff/…``)."""

from __future__ import annotations

from typing import Any

from flask import request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from tuition.api.context import (
    admin_tenant,
    current_staff,
    current_staff_session_id,
    db,
    paginate,
    storefront_tenant,
    tuition,
)
from tuition.api.docs import ADMIN, problems
from tuition.models import StaffMember, StaffSession, Tenant
from tuition.plugin_api import STAFF_ROLES, Out, PageQuery, page_of, staff_role
from tuition.services import staff

STAFF: list[dict[str, list[str]]] = [{"StaffToken": []}]
TENANT_KEY: list[dict[str, list[str]]] = [{"TenantKey": []}]
ROLE_DOC = {
    "enum": list(STAFF_ROLES),
    "description": "owner: everything (keys, plugins, tenant settings, staff); manager: "
    "courses, cohorts, students, enrollments, orders and refunds; support: read, and the "
    "writes marked for support.",
}

admin_blp = Blueprint(
    "staff_admin", __name__, url_prefix="/v1/admin", description="The site's staff (owner)."
)
blp = Blueprint("staff", __name__, url_prefix="/v1/staff", description="Staff sign-in.")


def _role_field(**kwargs: Any) -> fields.String:
    return fields.String(validate=validate.OneOf(STAFF_ROLES), metadata=ROLE_DOC, **kwargs)


def _password() -> fields.String:
    return fields.String(required=True, load_only=True, validate=validate.Length(min=8, max=256))


def _identity_token() -> fields.String:
    return fields.String(
        required=True,
        load_only=True,
        validate=validate.Length(min=1, max=16384),
        metadata={"description": "A token of the site's identity provider (its ID token)."},
    )


def _code(**kwargs: Any) -> fields.String:
    return fields.String(
        validate=validate.Regexp(r"^\s*[0-9]{6}\s*$", error="Six digits."),
        metadata={"description": "The 6-digit code of the authenticator app."},
        **kwargs,
    )


class StaffOut(Out):
    id = fields.String()
    email = fields.String()
    name = fields.String(allow_none=True)
    role = fields.String(metadata=ROLE_DOC)
    status = fields.String(metadata={"enum": ["invited", "active"]})
    totp_enabled = fields.Boolean()
    invited_at = fields.DateTime()
    accepted_at = fields.DateTime(allow_none=True)


class StaffInvite(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=320))
    role = _role_field(required=True)
    name = fields.String(validate=validate.Length(max=200), load_default=None)


class StaffUpdate(Schema):
    role = _role_field(required=True)


class InvitationAccept(Schema):
    token = fields.String(required=True, load_only=True, validate=validate.Length(max=2048))
    password = _password()
    name = fields.String(validate=validate.Length(max=200), load_default=None)


class IdentityInvitationAccept(Schema):
    token = fields.String(required=True, load_only=True, validate=validate.Length(max=2048))
    identity_token = _identity_token()
    name = fields.String(validate=validate.Length(max=200), load_default=None)


class IdentitySignIn(Schema):
    identity_token = _identity_token()


class ConsoleSignInOut(Out):
    enabled = fields.Boolean(
        metadata={"description": "Whether staff may sign in with the identity provider."}
    )
    authorization_endpoint = fields.String(allow_none=True)
    token_endpoint = fields.String(allow_none=True)
    client_id = fields.String(allow_none=True)
    scope = fields.String(allow_none=True)


class PasswordChange(Schema):
    current_password = fields.String(
        required=True, load_only=True, validate=validate.Length(max=256)
    )
    new_password = _password()


class StaffSignIn(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=320))
    password = fields.String(required=True, load_only=True, validate=validate.Length(max=256))
    totp_code = _code(load_default=None, allow_none=True)


class StaffTokenOut(Out):
    token = fields.String(metadata={"description": "Send as 'Authorization: Bearer st_…'."})
    token_type = fields.String()
    expires_in = fields.Integer()
    session_id = fields.String()
    staff = fields.Nested(StaffOut)


class StaffSessionOut(Out):
    id = fields.String()
    current = fields.Boolean(metadata={"description": "The session of this request's token."})
    user_agent = fields.String(allow_none=True)
    created_at = fields.DateTime()
    last_used_at = fields.DateTime(allow_none=True)
    expires_at = fields.DateTime()


class TotpEnrolled(Out):
    secret = fields.String(metadata={"description": "Base32; shown once, at enrolment."})
    provisioning_uri = fields.String(metadata={"description": "otpauth:// URI for a QR code."})


class TotpCode(Schema):
    code = _code(required=True)


StaffPage = page_of(StaffOut, "StaffPage")


def present(member: StaffMember) -> dict[str, Any]:
    return {
        "id": member.id,
        "email": member.email,
        "name": member.name,
        "role": member.role,
        "status": "active" if member.accepted_at else "invited",
        "totp_enabled": member.totp_enabled,
        "invited_at": member.invited_at,
        "accepted_at": member.accepted_at,
    }


def _admin_doc(operation_id: str) -> dict[str, Any]:
    return {"security": ADMIN, "operationId": operation_id, "tags": ["admin"]}


def _staff_doc(operation_id: str, security: Any = STAFF) -> dict[str, Any]:
    return {"security": security, "operationId": operation_id, "tags": ["staff"]}


@admin_blp.before_request
def _authenticate_admin() -> None:
    admin_tenant()


@blp.before_request
def _authenticate() -> None:
    """Credentials first: a member's own routes need their staff token, sign-in and
    accepting an invitation the site's publishable key."""
    if request.path.startswith("/v1/staff/me"):
        current_staff()
    else:
        storefront_tenant()


@admin_blp.route("/staff")
@staff_role("owner")
class StaffList(MethodView):
    @admin_blp.doc(**_admin_doc("listStaff"))
    @admin_blp.arguments(PageQuery, location="query")
    @admin_blp.response(200, StaffPage)
    @problems(admin_blp, 401, 403, 422)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """The site's staff, invited and active, oldest first."""
        admin_tenant()
        return paginate(
            staff.list_members(), query, StaffMember.invited_at, StaffMember.id, present=present
        )

    @admin_blp.doc(**_admin_doc("inviteStaff"))
    @admin_blp.arguments(StaffInvite)
    @admin_blp.response(201, StaffOut)
    @problems(admin_blp, 401, 403, 409, 422)
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Invite someone by email with a role: the invitation is mailed (by a mail plugin
        reacting to ``staff.invitation_requested``) with a one-time link to accept it."""
        tenant = admin_tenant()
        return present(staff.invite(tuition(), db(), tenant, **data))


@admin_blp.route("/staff/<string:staff_id>")
@staff_role("owner")
class StaffResource(MethodView):
    @admin_blp.doc(**_admin_doc("getStaff"))
    @admin_blp.response(200, StaffOut)
    @problems(admin_blp, 401, 403, 404)
    def get(self, staff_id: str) -> dict[str, Any]:
        """One staff member."""
        admin_tenant()
        return present(staff.get(db(), staff_id))

    @admin_blp.doc(**_admin_doc("updateStaff"))
    @admin_blp.arguments(StaffUpdate)
    @admin_blp.response(200, StaffOut)
    @problems(admin_blp, 401, 403, 404, 409, 422)
    def patch(self, data: dict[str, Any], staff_id: str) -> dict[str, Any]:
        """Change a member's role; the site's last owner stays one (409 ``last_owner``)."""
        tenant = admin_tenant()
        return present(staff.change_role(db(), tenant, staff_id, data["role"]))

    @admin_blp.doc(**_admin_doc("removeStaff"))
    @admin_blp.response(204)
    @problems(admin_blp, 401, 403, 404, 409)
    def delete(self, staff_id: str) -> None:
        """Remove a member (or withdraw an invitation); their sessions end at once. The
        site's last owner cannot be removed (409 ``last_owner``)."""
        staff.remove(db(), admin_tenant(), staff_id)


@admin_blp.route("/staff/<string:staff_id>/totp")
@staff_role("owner")
class StaffTotpReset(MethodView):
    @admin_blp.doc(**_admin_doc("resetStaffTotp"))
    @admin_blp.response(200, StaffOut)
    @problems(admin_blp, 401, 403, 404)
    def delete(self, staff_id: str) -> dict[str, Any]:
        """Turn a member's two-factor sign-in off (a lost authenticator): they sign in with
        their password and may enrol again."""
        return present(staff.reset_totp(db(), admin_tenant(), staff_id))


@admin_blp.route("/staff/<string:staff_id>/invitation")
@staff_role("owner")
class ResendInvitation(MethodView):
    @admin_blp.doc(**_admin_doc("resendStaffInvitation"))
    @admin_blp.response(202, StaffOut)
    @problems(admin_blp, 401, 403, 404, 409)
    def post(self, staff_id: str) -> dict[str, Any]:
        """Mail the invitation again with a new one-time link (earlier links keep working
        until they expire); 409 ``invitation_accepted`` once it was accepted."""
        return present(staff.resend_invitation(tuition(), db(), admin_tenant(), staff_id))


# -- a member's own account -----------------------------------------------------------------


def _signed_in(member: StaffMember, row: StaffSession, raw: str) -> dict[str, Any]:
    return {
        "token": raw,
        "token_type": "Bearer",
        "expires_in": tuition().settings.staff_session_ttl_seconds,
        "session_id": row.id,
        "staff": present(member),
    }


@blp.route("/invitations:accept")
class AcceptInvitation(MethodView):
    @blp.doc(**_staff_doc("acceptStaffInvitation", TENANT_KEY))
    @blp.arguments(InvitationAccept)
    @blp.response(200, StaffOut)
    @problems(blp, 401, 409, 410, 422)
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Accept an invitation to the site of the publishable key with its token (from the
        mail) and a password; then sign in. 409 ``invitation_accepted`` once it was
        accepted, 410 ``invitation_expired`` after its lifetime; any other token (one of
        another site, a withdrawn invitation) answers 401 ``invalid_invitation``."""
        tenant = storefront_tenant()
        member = staff.accept(
            tuition(), db(), tenant, data["token"], password=data["password"], name=data["name"]
        )
        return present(member)


@blp.route("/invitations:accept-with-identity")
class AcceptInvitationWithIdentity(MethodView):
    @blp.doc(**_staff_doc("acceptStaffInvitationWithIdentity", TENANT_KEY))
    @blp.arguments(IdentityInvitationAccept)
    @blp.response(200, StaffOut)
    @problems(blp, 401, 409, 410, 422)
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Accept an invitation with a token of the site's identity provider instead of a
        password: the member is bound to the token's subject (``sub``), and signs in from
        then on with the provider's tokens (``/v1/staff/sign-in:identity``). 401
        ``invalid_token`` for a token the site does not trust (another provider, another
        audience, expired; or the site has none), 409 ``identity_taken`` when another
        member uses that identity; the invitation's own problems as with a password."""
        member = staff.accept_with_identity(
            tuition(),
            db(),
            storefront_tenant(),
            data["token"],
            identity_token=data["identity_token"],
            name=data["name"],
        )
        return present(member)


@blp.route("/identity-provider")
class ConsoleSignInSettings(MethodView):
    @blp.doc(**_staff_doc("getStaffIdentityProvider", TENANT_KEY))
    @blp.response(200, ConsoleSignInOut)
    @problems(blp, 401)
    def get(self) -> dict[str, Any]:
        """How the console signs staff in with the site's identity provider (OAuth 2.0
        authorization code with PKCE): its endpoints and the console's client id, from
        ``identity_provider.console``; ``enabled`` false without one."""
        found = (storefront_tenant().identity_provider or {}).get("console") or {}
        names = ("authorization_endpoint", "token_endpoint", "client_id", "scope")
        return {"enabled": bool(found), **{name: found.get(name) for name in names}}


@blp.route("/sign-in:identity")
class IdentitySignInView(MethodView):
    @blp.doc(**_staff_doc("staffSignInWithIdentity", TENANT_KEY))
    @blp.arguments(IdentitySignIn)
    @blp.response(200, StaffTokenOut)
    @problems(blp, 401, 422)
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Sign in with a token of the site's identity provider, as the member who accepted
        their invitation with that identity (no TOTP code: the provider authenticated).
        401 ``invalid_token`` for a token the site does not trust, ``unknown_identity``
        when no member accepted with it."""
        member, row, raw = staff.sign_in_with_identity(
            tuition(),
            db(),
            storefront_tenant(),
            identity_token=data["identity_token"],
            user_agent=request.headers.get("User-Agent"),
        )
        return _signed_in(member, row, raw)


@blp.route("/sign-in")
class SignIn(MethodView):
    @blp.doc(**_staff_doc("staffSignIn", TENANT_KEY))
    @blp.arguments(StaffSignIn)
    @blp.response(200, StaffTokenOut)
    @problems(blp, 401, 422)
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Sign in to the site of the publishable key with email and password, and the
        authenticator's ``totp_code`` once two-factor sign-in is on (401 ``totp_required``,
        ``invalid_totp``); wrong credentials answer 401 ``invalid_credentials``."""
        member, row, raw = staff.sign_in(
            tuition(),
            db(),
            storefront_tenant(),
            email=data["email"],
            password=data["password"],
            totp_code=data["totp_code"],
            user_agent=request.headers.get("User-Agent"),
        )
        return _signed_in(member, row, raw)


@blp.route("/me")
class Me(MethodView):
    @blp.doc(**_staff_doc("getStaffMe"))
    @blp.response(200, StaffOut)
    @problems(blp, 401)
    def get(self) -> dict[str, Any]:
        """The signed-in staff member, with their role."""
        return present(current_staff())


@blp.route("/me/password")
class Password(MethodView):
    @blp.doc(**_staff_doc("changeStaffPassword"))
    @blp.arguments(PasswordChange)
    @blp.response(204)
    @problems(blp, 401, 422)
    def post(self, data: dict[str, Any]) -> None:
        """Change your password with the current one (422 ``invalid_password``); your other
        sessions end, this one stays."""
        staff.change_password(
            tuition(),
            db(),
            current_staff(),
            current_staff_session_id(),
            current=data["current_password"],
            new=data["new_password"],
        )


@blp.route("/me/totp")
class Totp(MethodView):
    @blp.doc(**_staff_doc("enrolStaffTotp"))
    @blp.response(201, TotpEnrolled)
    @problems(blp, 401, 409)
    def post(self) -> dict[str, Any]:
        """Start two-factor sign-in: a new secret and its ``otpauth://`` URI for an
        authenticator app. It is on once confirmed (``/v1/staff/me/totp:confirm``); 409
        ``totp_enabled`` while it is on."""
        member = current_staff()
        tenant = db().get(Tenant, member.tenant_id)
        assert tenant is not None  # the member's session was found with it
        secret, uri = staff.enrol_totp(tuition(), db(), tenant, member)
        return {"secret": secret, "provisioning_uri": uri}


@blp.route("/me/totp:confirm")
class ConfirmTotp(MethodView):
    @blp.doc(**_staff_doc("confirmStaffTotp"))
    @blp.arguments(TotpCode)
    @blp.response(200, StaffOut)
    @problems(blp, 401, 409, 422)
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Turn two-factor sign-in on with a code of the enrolled secret (422
        ``invalid_totp``); from then on sign-in asks for ``totp_code``."""
        member = current_staff()
        staff.confirm_totp(tuition(), db(), member, data["code"])
        return present(member)


@blp.route("/me/totp:disable")
class DisableTotp(MethodView):
    @blp.doc(**_staff_doc("disableStaffTotp"))
    @blp.arguments(TotpCode)
    @blp.response(200, StaffOut)
    @problems(blp, 401, 409, 422)
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Turn two-factor sign-in off, with a current code (422 ``invalid_totp``)."""
        member = current_staff()
        staff.disable_totp(tuition(), db(), member, data["code"])
        return present(member)


@blp.route("/me/sessions")
class Sessions(MethodView):
    @blp.doc(**_staff_doc("listStaffSessions"))
    @blp.response(200, StaffSessionOut(many=True))
    @problems(blp, 401)
    def get(self) -> list[dict[str, Any]]:
        """Your live sessions (sign-ins), newest first."""
        current = current_staff_session_id()
        return [
            {
                "id": row.id,
                "current": row.id == current,
                "user_agent": row.user_agent,
                "created_at": row.created_at,
                "last_used_at": row.last_used_at,
                "expires_at": row.expires_at,
            }
            for row in staff.sessions(db(), current_staff())
        ]


@blp.route("/me/sessions/<string:session_id>")
class SessionResource(MethodView):
    @blp.doc(**_staff_doc("revokeStaffSession"))
    @blp.response(204)
    @problems(blp, 401, 404)
    def delete(self, session_id: str) -> None:
        """End one of your sessions at once (this one too: sign out); its token is refused
        from then on."""
        staff.revoke_session(db(), current_staff(), session_id)
