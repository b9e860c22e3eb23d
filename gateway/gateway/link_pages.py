"""The pages the emailed links open: ``/verify-email``, ``/reset-password``,
``/confirm-deletion``, ``/confirm-email`` and the school director's ``/director-answer`` (identity builds the links
on PUBLIC_BASE_URL).

A person clicks a link in a mail client, which opens a browser: a GET. Mail filters also fetch
links to scan them, so a GET only shows a page with a button (and the new-password field); the
POST of that form does the work, through the same identity RPCs as the JSON API. An operator
who serves a web front end on PUBLIC_BASE_URL replaces these pages; the API stays the same."""
import logging
from html import escape
from urllib.parse import urlencode

from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from etwinning_contracts import identity as C
from etwinning_contracts.errors import ContractError, Invalid
from etwinning_contracts.runtime.web import http

from .api import ServiceUnavailable, check_values
from .link_texts import TEXTS, language_of

log = logging.getLogger(__name__)

# path: (identity method, its arguments); what the pages say is in link_texts
LINKS = {
    "/verify-email": ("verify_email", C.VerifyArgs),
    "/reset-password": ("reset_password", C.ResetPasswordArgs),
    "/confirm-deletion": ("confirm_account_deletion", C.TokenArgs),
    "/confirm-email": ("confirm_email_change", C.TokenArgs),
    "/director-answer": ("answer_as_director", C.DirectorAnswerArgs),
}


def form_fields(path, words, asked=None):
    """The fields a page asks for besides the token; ``asked``: what the director is asked about."""
    if path == "/verify-email":
        return (f'<label>{escape(words["your_password"])}<br><input type="password" name="password" '
                'maxlength="256" required autocomplete="current-password"></label>')
    if path == "/reset-password":
        return (f'<label>{escape(words["new_password"])}<br><input type="password" name="new_password" '
                'minlength="10" maxlength="256" required autocomplete="new-password"></label>')
    if path == "/director-answer":
        intro = words["director_named"].format(applicant=asked["applicant_name"], school=asked["school_name"]) \
            if asked else words["director_intro"]
        return (f'<p>{escape(intro)}</p><p><label><input type="radio" name="answer" '
                f'value="confirmed" required> {escape(words["director_yes"])}</label><br><label><input type="radio" '
                f'name="answer" value="denied"> {escape(words["director_no"])}</label></p>')
    return ""


PAGE = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>{title} - eTwinning</title></head>
<body style="font-family: sans-serif; max-width: 36rem; margin: 3rem auto; padding: 0 1rem">
<h1>{title}</h1>{body}</body></html>"""


def page(status, title, body, lang="en"):
    # no-store: the page carries a single-use token; no-referrer: it must not leak to other sites
    return Response(PAGE.format(lang=lang, title=escape(title), body=body), status=status,
                    content_type="text/html; charset=utf-8",
                    headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY",
                             "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
                                                        "form-action 'self'; frame-ancestors 'none'"})


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

    @http("GET,POST", "/confirm-email")
    def confirm_email_page(self, request):
        return self._link_page(request, "/confirm-email")

    @http("GET,POST", "/director-answer")
    def director_answer_page(self, request):
        return self._link_page(request, "/director-answer")

    def _link_page(self, request, path):
        method, schema = LINKS[path]
        try:
            given = request.form if request.method == "POST" else request.args
        except HTTPException:  # werkzeug refuses a form it cannot decode (bytes that are no UTF-8)
            lang = language_of(request.args.get("lang"))
            return page(400, TEXTS[lang][path][0], f"<p>{escape(TEXTS[lang]['unreadable'])}</p>", lang)
        token, lang = given.get("token", ""), language_of(given.get("lang"))
        words = TEXTS[lang]
        title, button, done = words[path]
        hidden = (f'<input type="hidden" name="token" value="{escape(token)}">'
                  f'<input type="hidden" name="lang" value="{lang}">')
        if request.method in ("GET", "HEAD"):  # mail scanners fetch links both ways: nothing happens
            asked = None
            if path == "/director-answer":  # who and which school, as the email said; a closed question at once
                asked, refused = self._ask_identity("director_question", C.TokenArgs, {"token": token}, title, words,
                                                    lang)
                if refused:
                    return refused
            return page(200, title, f'<form method="post" action="{path}">{hidden}{form_fields(path, words, asked)}'
                                    f'<p><button type="submit">{escape(button)}</button></p></form>', lang)
        retry = escape(f'{path}?{urlencode({"lang": lang, "token": token})}')
        again = f'<p><a href="{retry}">{escape(words["again"])}</a></p>'
        form = {name: request.form.get(name, "") for name in schema().fields}
        _, refused = self._ask_identity(method, schema, form, title, words, lang, again)
        return refused or page(200, title, f"<p>{escape(done)}</p>", lang)

    def _ask_identity(self, method, schema, form, title, words, lang, again=""):
        """identity's answer to a form, and None; or None, and the page saying what went wrong."""
        try:
            check_values(form, "form")  # what the API refuses in any field, refused here too
            return self.rpc("identity", method, None, **schema().load(form)), None
        except ValidationError as exc:  # trying again helps with a field the person fills, not with the link
            again = "" if "token" in exc.messages else again
            return None, page(422, title, "<p>" + escape(_first_message(exc.messages, words)) + "</p>" + again, lang)
        except Invalid as exc:
            message = _first_message(exc.errors, words, "token", "password") if exc.errors else exc.detail
            return None, page(422, title, "<p>" + escape(message) + "</p>" + again, lang)
        except ContractError as exc:  # the usual fates of a link in the reader's words, others as they come
            message = words[exc.code] if (exc.code or "").startswith(("token_", "link_")) and exc.code in words \
                else exc.detail
            return None, page(exc.status, title, f"<p>{escape(message)}</p>", lang)
        except ServiceUnavailable:
            return None, page(503, title, f"<p>{escape(words['busy'])}</p>", lang)
        except Exception:  # a bug: the reader gets a page, never the error's text
            log.exception("unhandled error on the %s link page", method)
            return None, page(500, title, f"<p>{escape(words['busy'])}</p>", lang)


# a form's field as its schema refuses it, in the reader's words: each can be wrong in one way a
# person can fix (the token's: ask for a new link)
FIELD_WORDS = {"token": "bad_link", "new_password": "new_password_rule", "answer": "answer_missing",
               "password": "password_mismatch"}


def _first_message(messages, words, *translated):
    """The first problem of the form; of the ``translated`` fields (default: all of
    FIELD_WORDS) in the reader's words."""
    field, problems = next(iter(messages.items()))
    problem = problems[0] if isinstance(problems, list) else problems
    return words[FIELD_WORDS[field]] if field in (translated or FIELD_WORDS) else f"{problem}"
