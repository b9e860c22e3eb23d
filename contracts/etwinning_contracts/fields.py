"""Fields the contracts share beyond marshmallow's own."""
from marshmallow import ValidationError, fields, validate

from .vocabularies import COUNTRY_CODES



class _IsoCountry(validate.Validator):
    """One of COUNTRY_CODES; the reference shows the pattern, not 250 codes at every field."""

    def __call__(self, value):
        if len(value) == 2 and value.isupper() and value not in COUNTRY_CODES:  # (the pattern says the rest)
            raise ValidationError("An ISO 3166-1 alpha-2 country code, e.g. ES.")
        return value


COUNTRY = [validate.Regexp(r"^[A-Z]{2}$", error="An ISO 3166-1 alpha-2 country code, e.g. ES."), _IsoCountry()]


class StrictBoolean(fields.Boolean):
    """A JSON boolean: true or false, nothing else (marshmallow's Boolean also takes "yes",
    "on", "t", 1 or "1", which a JSON client sends only by mistake)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value
