"""RFC 9457 problem documents: every error the API returns has this shape."""
import json

from werkzeug.wrappers import Response

from etwinning_contracts.runtime.web import problem_document


def problem(status, title, detail="", errors=None, code=None, headers=None):
    return Response(json.dumps(problem_document(status, title, detail, code, errors)), status=status,
                    headers=headers, content_type="application/problem+json")


def from_contract_error(exc):
    return problem(exc.status, exc.title, exc.detail, exc.errors, exc.code)
