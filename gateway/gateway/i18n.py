"""Controlled vocabularies shown in the viewer's language (R11, R233). Country and language
names come from the CLDR data in Babel; other codes are labelled in English for now."""
from functools import lru_cache

from babel import Locale, UnknownLocaleError

from etwinning_contracts import vocabularies as V


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


def _english(code):
    return code.replace("_", " ").capitalize()


@lru_cache(maxsize=64)
def vocabularies(lang):
    return {
        "member_types": [{"code": c, "label": _english(c)} for c in V.MEMBER_TYPES],
        "languages": [{"code": c, "label": language_name(c, lang)} for c in V.LANGUAGES],
        "subjects": [{"code": c, "label": _english(c)} for c in V.SUBJECTS],
        "age_groups": [{"code": c, "label": c} for c in V.AGE_GROUPS],
        "ict_use": [{"code": c, "label": _english(c)} for c in V.ICT_USE],
        "education_levels": [{"code": c, "label": _english(c)} for c in V.EDUCATION_LEVELS],
    }
