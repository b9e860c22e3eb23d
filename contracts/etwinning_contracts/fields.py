"""Fields the contracts share beyond marshmallow's own."""
from marshmallow import fields


class StrictBoolean(fields.Boolean):
    """A JSON boolean: true or false, nothing else (marshmallow's Boolean also takes "yes",
    "on", "t", 1 or "1", which a JSON client sends only by mistake)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value
