"""directory's rules in plain Python: text normalisation for search, who is visible,
availability, contact rules, TwinFinder scoring (pagination cursors: etwinning_contracts.cursors)."""
import unicodedata
from datetime import timedelta, timezone

from anyascii import anyascii

from etwinning_contracts.cursors import cursor_time, decode_cursor, encode_cursor  # noqa: F401 (as D.*)
from etwinning_contracts.errors import Conflict, Forbidden

SEARCHABLE_STATES = {"pending_validation", "registered_not_validated", "active_etwinner"}
# Accounts no list of people shows while they are so: members, participants, authors (R54).
# (One still choosing a school takes part in events, A70, and is listed there.)
UNLISTED_STATES = {"inactive", "blocked", "removed", "deleted"}
MAX_QUERY_WORDS = 8
MIN_WORD_LENGTH = 2  # A25: shorter tokens are ignored
# pg_trgm word similarity above which a query word counts as matched ("Muler" ~ "müller")
WORD_SIMILARITY = 0.5
# A query word of at least this many letters also matches the words one typing slip away
# (typo_variants): shorter words are a slip away from too many others ("ana": "anna", "ama")
TYPO_MIN_LENGTH = 5
# A25: what a search's words found as written, in order, add to a result's score
PHRASE_BONUS = 1

# Letters NFKD does not decompose into a base letter plus accents.
_SPECIAL = str.maketrans({"ß": "ss", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "æ": "ae",
                          "Æ": "ae", "œ": "oe", "Œ": "oe", "ı": "i", "þ": "th", "ð": "d", "ħ": "h"})


def normalise(text):
    """Lower-case, accent-free words: 'Müller-Łukasz' -> 'muller lukasz'. Other scripts stay as they are."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


def name_key(name):
    """A name as duplicates are told apart: without case, accents, spaces or punctuation, so
    'Choir teachers' and 'CHOIR-Teachers ' are one name (a name of symbols alone, as written)."""
    return "".join(normalise(name).split()) or name.strip().casefold()


def search_words(text):
    """The words search knows a text by: its normalised words and, for each word written in
    another script (Cyrillic, Greek, Georgian, Armenian...), the same word in Latin letters
    (anyascii), each once: a teacher typing 'Shevchenko' finds 'Шевченко', 'Kharkiv' finds
    'Харків', and both scripts match the name as written."""
    words = normalise(text).split()
    latin = [latin for word in words if not word.isascii() for latin in normalise(_in_latin(word)).split()]
    return list(dict.fromkeys(words + latin))


def _in_latin(word):
    """One word in Latin letters, still one word: the marks anyascii writes for letters with no
    sound of their own (the soft sign: 'Ольга' -> "Ol'ga") are dropped, so 'Olga' finds it."""
    # Greek "ου" is written "ou" (ELOT 743, and how Greeks write Papadopoulou), not letter by letter "oy"
    return "".join(c for c in anyascii(word.replace("ου", "ou")) if c.isalnum())


def name_text(*parts):
    """What people search compares a query with: the search words of ``parts`` (first name, last
    name, display name). The username is not searched: people are found by name (R49), and a
    username's words ("mgarcia84") are not words of anyone's name."""
    return " ".join(search_words(" ".join(filter(None, parts))))


def school_text(name, town):
    """What school search compares a query with: the search words of the name and the town."""
    return " ".join(search_words(f"{name} {town or ''}"))


LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def typo_variants(word):
    """The words one slip of the keyboard away from ``word`` (a letter left out, doubled or
    wrong, two letters swapped): "duont" -> "dupont", "gracia" -> "garcia", "schnieder" ->
    "schneider". Trigram similarity misses these in short names (a letter left out of a
    five-letter name keeps 4 of its 9 trigrams), so search also looks the variants up
    whole. Only for words of TYPO_MIN_LENGTH letters or more, written in Latin letters (search
    words of other scripts are also indexed in Latin letters)."""
    if len(word) < TYPO_MIN_LENGTH or not word.isascii():
        return []
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    variants = {a + b[1:] for a, b in splits if b}
    variants |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    variants |= {a + c + b[1:] for a, b in splits if b for c in LATIN_LETTERS}
    variants |= {a + c + b for a, b in splits for c in LATIN_LETTERS}
    variants.discard(word)
    return sorted(variants)


def _kept(words):
    """A query's distinct words, at most MAX_QUERY_WORDS of them: the longest, which tell most
    (a pasted "Istituto Comprensivo Statale di ..." keeps its names, not "di"), in query order."""
    words = list(dict.fromkeys(w for w in words if len(w) >= MIN_WORD_LENGTH))
    if len(words) <= MAX_QUERY_WORDS:
        return words
    longest = set(sorted(words, key=len, reverse=True)[:MAX_QUERY_WORDS])  # sorted keeps order among equals
    return [w for w in words if w in longest][:MAX_QUERY_WORDS]


def query_words(query):
    return _kept(normalise(query).split())


def name_query_words(query):
    """The query words of a people or school search, a word of another script in Latin letters:
    every such word is indexed in Latin letters too (search_words), so 'Шевченко' still finds
    'Шевченко' and also finds a teacher who registered as 'Shevchenko'."""
    return _kept(latin for word in normalise(query).split()
                 for latin in ([word] if word.isascii() else normalise(_in_latin(word)).split()))


def is_searchable(state, member_type):
    """Registered platform users appear in search (R18); inactive, blocked, removed and staff
    accounts do not (R54)."""
    return state in SEARCHABLE_STATES and member_type is not None


def is_eTwinner(person):
    """A validated, active teacher: what contacts, groups, chats and posts need (R17, R68). Staff
    accounts are validated and active, but are no eTwinners: they have no member type."""
    return bool(person.validated and person.state == "active_etwinner" and person.member_type is not None)


def is_green(person):
    """Open to partnerships: the flag is set and the account is validated and active (R60)."""
    return bool(person.available and is_eTwinner(person))


def can_propose_partnership(green, viewer, school_ids):
    """Partnership and project-invitation actions are offered for green results only (R60), to a
    viewer who is an eTwinner (R17; ``viewer`` None: an anonymous one), and between two schools
    (R108): not for oneself, one's own school, or a colleague there (``school_ids``: the result's)."""
    if not green or viewer is None or not is_eTwinner(viewer):
        return False
    mine = {str(s["school_id"]) for s in viewer.schools or []}
    return not mine & {str(i) for i in school_ids}


def contact_list_reader(actor, user_id):
    """Whose contact list ``actor`` reads (R70): their own, or, for another service (projects'
    co-founder picker, notify's mailbox rule), any user's. None: the actor's own, no user given."""
    if user_id is None:
        return None
    if "system" in actor.roles or str(user_id) == actor.user_id:
        return user_id
    raise Forbidden("A contact list is readable only by its owner and by the platform's services.",
                    code="not_your_contacts")


def contact_refusal(requester, recipient, already_contacts, pending_same_direction):
    """Why ``requester`` may not ask ``recipient`` to be a contact, or None (R67-R70)."""
    if recipient is None or not recipient.searchable:
        return "not_found"
    if requester.user_id == recipient.user_id:
        return "self"
    if not is_eTwinner(requester):
        return "you_are_not_validated"
    if not is_eTwinner(recipient):
        return "not_validated"
    if already_contacts:
        return "already_contacts"
    if pending_same_direction:
        return "already_requested"
    return None


REFUSAL_TEXT = {
    "self": "You cannot invite yourself.",
    "you_are_not_validated": "Only eTwinning-validated teachers can have contacts; {reason}",
    "not_validated": "This person is not an eTwinning-validated teacher yet, so they cannot be a contact.",
    "already_contacts": "You are already contacts.",
    "already_requested": "You have already sent this person a contact request.",
}


def not_validated_reason(person):
    """Why ``person`` (None: not in the read model yet) is not an eTwinner, in words that fit
    their case: a refused validation (A21) will not come by waiting, a pending one will; without
    a school (never added, or left) there is nothing to validate."""
    state = person.state if person is not None else None
    if state == "active_etwinner" and person.member_type is None:
        return "a staff account takes no part in networking; use a teacher's account for that."
    if state == "registered_not_validated" and person.schools:
        return "your eTwinning validation was not granted; your National Support Organisation can tell you why."
    if state in (None, "registration_incomplete", "registered_not_validated"):
        return "add your school to your profile first, so that your National Support Organisation can validate you."
    return "your validation is pending."


def require_eTwinner(person, doing, code):
    """Forbidden, in words that fit their case, unless ``person`` is a validated eTwinner."""
    if person is None or not is_eTwinner(person):
        raise Forbidden(f"Only eTwinning-validated teachers can {doing}; " + not_validated_reason(person), code=code)
    return person


def raise_refusal(code, requester=None):
    """Raise the refusal ``code`` of contact_refusal; ``requester`` says why they are not validated."""
    if code == "not_found":
        from etwinning_contracts.errors import NotFound

        raise NotFound("No such person.", code="not_found")
    text = REFUSAL_TEXT[code].format(reason=not_validated_reason(requester))
    if code in ("already_contacts", "already_requested"):
        raise Conflict(text, code=code)
    raise Forbidden(text, code=code)


# §10.6: a declined requester may ask the same person again only after this long
CONTACT_REQUEST_COOLDOWN = timedelta(days=7)


def contact_cooldown_end(declined_at, now):
    """Until when a requester whose last request the recipient declined at ``declined_at`` must
    wait before asking again, or None when they may ask now (or were never declined)."""
    if declined_at is None or now >= declined_at + CONTACT_REQUEST_COOLDOWN:
        return None
    return declined_at + CONTACT_REQUEST_COOLDOWN


def contact_cooldown_text(until):
    return ("This person declined your last contact request; you can ask again from "
            f"{until.astimezone(timezone.utc):%Y-%m-%d %H:%M} UTC.")


def ordered_pair(a, b):
    return (a, b) if str(a) < str(b) else (b, a)


# TwinFinder: how much each shared preference weighs (R56-R57)
WEIGHTS = {"languages": 3, "subjects": 3, "age_groups": 2, "ict_use": 1}


def twinfinder_criteria(own, explicit):
    """The requester's preferences, each replaced by the explicit criterion when one is given."""
    return {
        "languages": explicit.get("language") or list(own.languages or []),
        "subjects": explicit.get("subject") or list(own.subjects or []),
        "age_groups": explicit.get("age_group") or list(own.age_groups or []),
        "ict_use": explicit.get("ict_use") or own.ict_use,
    }

