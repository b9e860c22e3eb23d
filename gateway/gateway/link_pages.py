"""The pages the emailed links open: ``/verify-email``, ``/reset-password``,
``/confirm-deletion`` and the school director's ``/director-answer`` (identity builds the links
on PUBLIC_BASE_URL).

A person clicks a link in a mail client, which opens a browser: a GET. Mail filters also fetch
links to scan them, so a GET only shows a page with a button (and the new-password field); the
POST of that form does the work, through the same identity RPCs as the JSON API. An operator
who serves a web front end on PUBLIC_BASE_URL replaces these pages; the API stays the same."""
from html import escape
from urllib.parse import urlencode

from marshmallow import ValidationError
from werkzeug.wrappers import Response

from etwinning_contracts import identity as C
from etwinning_contracts.errors import ContractError, Invalid
from etwinning_contracts.runtime.web import http

from .api import ServiceUnavailable, check_values

LINKS = {
    # path: (title, what the button says, extra form fields, identity method, its arguments, done)
    "/verify-email": ("Confirm your email address", "Confirm my address", "", "verify_email", C.TokenArgs,
                      "Your address is confirmed. Sign in to choose your school and finish your registration."),
    "/reset-password": ("Choose a new password", "Save my new password",
                        '<label>New password (at least 10 characters)<br>'
                        '<input type="password" name="new_password" minlength="10" maxlength="256" required '
                        'autocomplete="new-password"></label>',
                        "reset_password", C.ResetPasswordArgs,
                        "Your password is changed. Sign in with the new one; other sessions were signed out."),
    "/confirm-deletion": ("Delete your eTwinning account", "Delete my account for good", "",
                          "confirm_account_deletion", C.TokenArgs,
                          "Your account is deleted and your personal data erased."),
    "/director-answer": ("Does this teacher work at your school?", "Send my answer",
                         '<p>Our email names the person who registered with eTwinning as a member of your '
                         'school.</p><p><label><input type="radio" name="answer" value="confirmed" required> '
                         'Yes, this person works at our school</label><br><label><input type="radio" '
                         'name="answer" value="denied"> No, this person does not work at our school</label></p>',
                         "answer_as_director", C.DirectorAnswerArgs,
                         "Thank you: your answer is passed on to the National Support Organisation, which "
                         "validates eTwinning members."),
}

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>{title} - eTwinning</title></head>
<body style="font-family: sans-serif; max-width: 36rem; margin: 3rem auto; padding: 0 1rem">
<h1>{title}</h1>{body}</body></html>"""


def page(status, title, body):
    # no-store: the page carries a single-use token; no-referrer: it must not leak to other sites
    return Response(PAGE.format(title=escape(title), body=body), status=status,
                    content_type="text/html; charset=utf-8",
                    headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer",
                             "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"})


class LinkPages:
    @http("GET,POST", "/verify-email")
    def verify_email_page(self, request):
        return self._link_page(request, "/verify-email")

    @http("GET,POST", "/reset-password")
    def reset_password_page(self, request):
        return self._link_page(request, "/reset-password")

    @http("GET,POST", "/confirm-deletion")
    def confirm_deletion_page(self, request):
        return self._link_page(request, "/confirm-deletion")

    @http("GET,POST", "/director-answer")
    def director_answer_page(self, request):
        return self._link_page(request, "/director-answer")

    def _link_page(self, request, path):
        title, button, fields, method, schema, done = LINKS[path]
        token = (request.form if request.method == "POST" else request.args).get("token", "")
        if request.method == "GET":
            return page(200, title, f'<form method="post" action="{path}">'
                                    f'<input type="hidden" name="token" value="{escape(token)}">'
                                    f'{fields}<p><button type="submit">{escape(button)}</button></p></form>')
        again = f'<p><a href="{path}?{urlencode({"token": token})}">Try again</a></p>'
        try:
            form = {name: request.form.get(name, "") for name in schema().fields}
            check_values(form, "form")  # what the API refuses in any field, refused here too
            args = schema().load(form)
            self.rpc("identity", method, None, **args)
        except ValidationError as exc:
            return page(422, title, "<p>" + escape(_first_message(exc.messages)) + "</p>" + again)
        except Invalid as exc:
            return page(422, title, "<p>" + escape(_first_message(exc.errors) if exc.errors else exc.detail) + "</p>"
                        + again)
        except ContractError as exc:
            return page(exc.status, title, f"<p>{escape(exc.detail)}</p>")
        except ServiceUnavailable:
            return page(503, title, "<p>The service is busy or restarting. Try again in a minute: "
                                    "the link still works.</p>")
        return page(200, title, f"<p>{escape(done)}</p>")


def _first_message(messages):
    field, problems = next(iter(messages.items()))
    problem = problems[0] if isinstance(problems, list) else problems
    return "The link is not valid; ask for a new one." if field == "token" else f"{problem}"
