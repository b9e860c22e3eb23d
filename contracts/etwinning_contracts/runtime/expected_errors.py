"""Contract errors are answers (a 404, a 409, a refused validation), not failures: nameko logs
each one of an entrypoint's ``expected_exceptions`` as a WARNING with its whole traceback,
which buried real warnings in operators' logs. Here such a record becomes one INFO line (what
failed and why); unexpected errors keep their traceback at ERROR. Applies on import."""
import logging

import nameko.containers

EXPECTED = "(expected) error handling worker"


class ExpectedErrorsInOneLine(logging.Filter):
    def filter(self, record):
        if isinstance(record.msg, str) and record.msg.startswith(EXPECTED):
            record.levelno, record.levelname = logging.INFO, logging.getLevelName(logging.INFO)
            record.exc_info = record.exc_text = None
        return True


if not any(isinstance(f, ExpectedErrorsInOneLine) for f in nameko.containers._log.filters):
    nameko.containers._log.addFilter(ExpectedErrorsInOneLine())
