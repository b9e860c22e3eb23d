"""Controlled vocabularies shown in the viewer's language (R11, R233). Country and language
names come from the CLDR data in Babel; the other codes' labels from labels.py."""
from functools import lru_cache

from babel import Locale, UnknownLocaleError

from etwinning_contracts import vocabularies as V

from .labels import label


def pick_language(explicit, accept_language):
    if explicit:
        return explicit
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip().split("-")[0].lower()
        if code in V.LANGUAGES:
            return code
    return "en"


@lru_cache(maxsize=64)
def _locale(lang):
    try:
        return Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        return Locale("en")


def country_name(code, lang):
    return _locale(lang).territories.get(code) or Locale("en").territories.get(code, code)


def language_name(code, lang):
    return _locale(lang).languages.get(code) or code


LABELLED = {"member_types": V.MEMBER_TYPES, "subjects": V.SUBJECTS, "age_groups": V.AGE_GROUPS,
            "ict_use": V.ICT_USE, "education_levels": V.EDUCATION_LEVELS, "key_competences": V.KEY_COMPETENCES}


@lru_cache(maxsize=64)
def vocabularies(lang):
    return {
        "languages": [{"code": c, "label": language_name(c, lang)} for c in V.LANGUAGES],
        **{name: [{"code": c, "label": label(name, c, lang)} for c in codes] for name, codes in LABELLED.items()},
    }
