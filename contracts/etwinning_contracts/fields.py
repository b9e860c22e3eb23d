"""Fields the contracts share beyond marshmallow's own."""
import unicodedata

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


# What does not show on a page: spaces, line breaks, controls and invisible formatting (a
# zero-width space), code points with no character yet, private-use ones no font has, and
# marks that only change the character before them (a combining accent, a variation selector,
# the grapheme joiner); and the "letters" and signs that draw nothing (the Hangul fillers, the
# blank Braille pattern, Khmer's inherent vowels), which would pass for a name of nobody.
INVISIBLE = {"Zs", "Zl", "Zp", "Cc", "Cf", "Cn", "Co", "Mn", "Me"}
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u17b4\u17b5")


def has_visible_character(value):
    return any(unicodedata.category(c) not in INVISIBLE and c not in BLANK_LETTERS for c in value)


def no_nul(value):
    """PostgreSQL cannot store a NUL character in text: refuse it as bad input."""
    if "\x00" in value:
        raise ValidationError("Text cannot contain NUL characters.")


# Controls that reorder the text after them (embeddings and overrides U+202A-U+202E, isolates
# U+2066-U+2069): "\u202egnp.exe" shows as "exe.png", "Ana\u202ecilbup" as another name. The
# light marks (U+200E/F, U+061C) stay allowed: Arabic and Hebrew text with numbers needs them.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class Link(fields.Url):
    """A web address (http or https) people click: no control or invisible formatting character
    in it (a real address percent-encodes them), so "…/\u202egnp.exe" cannot show as "…/exe.png"."""

    def __init__(self, **kwargs):
        kwargs.setdefault("schemes", {"http", "https"})
        super().__init__(**kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str) and any(unicodedata.category(c) in ("Cc", "Cf") for c in value):
            raise ValidationError("A web address has no control or invisible characters.")
        return super()._deserialize(value, attr, data, **kwargs)


class Text(fields.String):
    """Text people read (a title, a name, a message): without surrounding whitespace, its length
    counted on what is left. ``visible``: it must contain a visible character, so a title of
    spaces is refused with its field, not stored as a blank; otherwise blank text is no text
    (null where the field allows it, else empty)."""

    def __init__(self, *, visible=True, **kwargs):
        super().__init__(**kwargs)
        self.visible = visible

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs).strip()
        if any(c in BIDI_CONTROLS for c in value):
            raise ValidationError("Marks that reorder text (bidirectional controls) are not allowed.")
        if has_visible_character(value):
            return value
        if self.visible:
            raise ValidationError("Must contain a visible character: spaces alone are not text.")
        return None if self.allow_none else ""

    def _validate(self, value):
        if value is not None:  # blank text made null: nothing left to measure
            super()._validate(value)


def text(least, most, **kw):
    """A ``Text`` of ``least`` to ``most`` characters once trimmed; with ``least`` above 0 it must
    have a visible character."""
    return Text(visible=least > 0, validate=[validate.Length(min=least, max=most), no_nul], **kw)


class Line(Text):
    """One line people read (a school's name, a town): a ``Text`` with its spaces collapsed and
    no control characters (they would end up in emails and pages); blank where the field may be
    null is no value, else refused."""

    def __init__(self, **kwargs):
        super().__init__(visible=not kwargs.get("allow_none", False), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        line = super()._deserialize(value, attr, data, **kwargs)
        if not line:
            return line
        line = " ".join(line.split())
        if any(unicodedata.category(c) == "Cc" for c in line):
            raise ValidationError("Control characters are not allowed.")
        return line


class Distinct(fields.List):
    """A list whose repeats are dropped as it is loaded, the first of each kept in its place:
    ["en", "en"] means English once, and is stored and counted once. Its length limits hold for
    the list as sent too, as the reference says (maxItems): eleven repeats of ten allowed is bad input."""

    def _deserialize(self, value, attr, data, **kwargs):
        items = super()._deserialize(value, attr, data, **kwargs)
        self._validate(items)
        return list(dict.fromkeys(items))
