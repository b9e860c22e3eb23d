"""notify's rules in plain Python: what each transactional email says (per language) and
when a failed SMTP delivery is tried again. No database, no messaging here."""
from dataclasses import dataclass
from datetime import timedelta, timezone
from string import Template

# Kinds of transactional email (R229). Each identity event maps to one kind.
EMAIL_VERIFICATION = "email_verification"
PASSWORD_RESET = "password_reset"
PASSWORD_CHANGED = "password_changed"
ACCOUNT_DELETION = "account_deletion"
VALIDATION_ACCEPTED = "validation_accepted"  # the NSO validated the teacher (R17)
VALIDATION_REJECTED = "validation_rejected"  # ... or rejected the validation, with a reason (R19, A21)
KINDS = (EMAIL_VERIFICATION, PASSWORD_RESET, PASSWORD_CHANGED, ACCOUNT_DELETION, VALIDATION_ACCEPTED,
         VALIDATION_REJECTED)
KINDS_WITH_LINK = (EMAIL_VERIFICATION, PASSWORD_RESET, ACCOUNT_DELETION)

# States of an outgoing mail.
PENDING = "pending"
SENT = "sent"
FAILED = "failed"
STATES = (PENDING, SENT, FAILED)

DEFAULT_LANGUAGE = "en"
FALLBACK_NAME = "eTwinner"
# Once sent, a single-use link is of no use to anyone reading the table, and a danger if it leaks.
LINK_REMOVED = "[link removed after delivery]"

# SMTP retries: capped exponential back-off; a mail is given up only after this long.
FIRST_RETRY_DELAY = timedelta(seconds=30)
MAX_RETRY_DELAY = timedelta(hours=1)
GIVE_UP_AFTER = timedelta(hours=24)


class UnknownKind(ValueError):
    pass


@dataclass(frozen=True)
class MailContent:
    kind: str
    subject: str
    text_body: str
    html_body: str | None = None


# ---------------------------------------------------------------- templates
# $name: the person's display name; $link and $expires: the single-use link and its expiry;
# $when: when the password was changed. Times are written in UTC, the same for every reader.

_TEMPLATES = {
    "en": {
        "footer": "The eTwinning team\n\nThis message was sent automatically; please do not reply.",
        EMAIL_VERIFICATION: (
            "Confirm your email address for eTwinning",
            "Hello $name,\n\n"
            "Thank you for registering with eTwinning. To confirm your email address and continue "
            "your registration, open this link:\n\n$link\n\n"
            "The link can be used once and expires on $expires.\n"
            "If you did not register, ignore this message.",
        ),
        PASSWORD_RESET: (
            "Reset your eTwinning password",
            "Hello $name,\n\n"
            "We received a request to reset the password of your eTwinning account. To choose a new "
            "password, open this link:\n\n$link\n\n"
            "The link can be used once and expires on $expires.\n"
            "If you did not ask for this, ignore this message: your password stays unchanged.",
        ),
        PASSWORD_CHANGED: (
            "Your eTwinning password was changed",
            "Hello $name,\n\n"
            "The password of your eTwinning account was changed on $when. For your security, you "
            "will have to sign in again on your other devices.\n\n"
            "If you did not change it, reset your password at once from the sign-in page and contact "
            "your National Support Organisation.",
        ),
        ACCOUNT_DELETION: (
            "Confirm the deletion of your eTwinning account",
            "Hello $name,\n\n"
            "We received a request to delete your eTwinning account. To confirm, open this link:\n\n"
            "$link\n\n"
            "Deleting the account removes your profile and personal data and cannot be undone. "
            "The link can be used once and expires on $expires.\n"
            "If you did not ask for this, ignore this message: your account stays as it is.",
        ),
    },
    "fr": {
        "footer": "L'équipe eTwinning\n\n"
                  "Ce message a été envoyé automatiquement ; merci de ne pas y répondre.",
        EMAIL_VERIFICATION: (
            "Confirmez votre adresse électronique pour eTwinning",
            "Bonjour $name,\n\n"
            "Merci de votre inscription à eTwinning. Pour confirmer votre adresse électronique et "
            "poursuivre votre inscription, ouvrez ce lien :\n\n$link\n\n"
            "Ce lien ne peut être utilisé qu'une fois et expire le $expires.\n"
            "Si vous ne vous êtes pas inscrit, ignorez ce message.",
        ),
        PASSWORD_RESET: (
            "Réinitialisez votre mot de passe eTwinning",
            "Bonjour $name,\n\n"
            "Nous avons reçu une demande de réinitialisation du mot de passe de votre compte "
            "eTwinning. Pour choisir un nouveau mot de passe, ouvrez ce lien :\n\n$link\n\n"
            "Ce lien ne peut être utilisé qu'une fois et expire le $expires.\n"
            "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de "
            "passe reste inchangé.",
        ),
        PASSWORD_CHANGED: (
            "Votre mot de passe eTwinning a été modifié",
            "Bonjour $name,\n\n"
            "Le mot de passe de votre compte eTwinning a été modifié le $when. Par sécurité, vous "
            "devrez vous reconnecter sur vos autres appareils.\n\n"
            "Si vous n'êtes pas à l'origine de ce changement, réinitialisez immédiatement votre mot "
            "de passe depuis la page de connexion et contactez le bureau d'assistance national "
            "eTwinning de votre pays.",
        ),
        ACCOUNT_DELETION: (
            "Confirmez la suppression de votre compte eTwinning",
            "Bonjour $name,\n\n"
            "Nous avons reçu une demande de suppression de votre compte eTwinning. Pour la "
            "confirmer, ouvrez ce lien :\n\n$link\n\n"
            "La suppression efface votre profil et vos données personnelles ; elle est définitive. "
            "Ce lien ne peut être utilisé qu'une fois et expire le $expires.\n"
            "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre compte "
            "reste inchangé.",
        ),
    },
    "de": {
        "footer": "Ihr eTwinning-Team\n\n"
                  "Diese Nachricht wurde automatisch versendet; bitte antworten Sie nicht darauf.",
        EMAIL_VERIFICATION: (
            "Bestätigen Sie Ihre E-Mail-Adresse für eTwinning",
            "Hallo $name,\n\n"
            "vielen Dank für Ihre Registrierung bei eTwinning. Um Ihre E-Mail-Adresse zu bestätigen "
            "und die Registrierung fortzusetzen, öffnen Sie diesen Link:\n\n$link\n\n"
            "Der Link kann nur einmal verwendet werden und läuft am $expires ab.\n"
            "Wenn Sie sich nicht registriert haben, ignorieren Sie diese Nachricht.",
        ),
        PASSWORD_RESET: (
            "Setzen Sie Ihr eTwinning-Passwort zurück",
            "Hallo $name,\n\n"
            "wir haben eine Anfrage erhalten, das Passwort Ihres eTwinning-Kontos zurückzusetzen. "
            "Um ein neues Passwort zu wählen, öffnen Sie diesen Link:\n\n$link\n\n"
            "Der Link kann nur einmal verwendet werden und läuft am $expires ab.\n"
            "Wenn Sie dies nicht angefordert haben, ignorieren Sie diese Nachricht: Ihr Passwort "
            "bleibt unverändert.",
        ),
        PASSWORD_CHANGED: (
            "Ihr eTwinning-Passwort wurde geändert",
            "Hallo $name,\n\n"
            "das Passwort Ihres eTwinning-Kontos wurde am $when geändert. Zu Ihrer Sicherheit "
            "müssen Sie sich auf Ihren anderen Geräten neu anmelden.\n\n"
            "Wenn Sie das Passwort nicht geändert haben, setzen Sie es sofort über die Anmeldeseite "
            "zurück und wenden Sie sich an Ihre Nationale Koordinierungsstelle.",
        ),
        ACCOUNT_DELETION: (
            "Bestätigen Sie die Löschung Ihres eTwinning-Kontos",
            "Hallo $name,\n\n"
            "wir haben eine Anfrage erhalten, Ihr eTwinning-Konto zu löschen. Zur Bestätigung "
            "öffnen Sie diesen Link:\n\n$link\n\n"
            "Das Löschen entfernt Ihr Profil und Ihre personenbezogenen Daten und kann nicht "
            "rückgängig gemacht werden. Der Link kann nur einmal verwendet werden und läuft am "
            "$expires ab.\n"
            "Wenn Sie dies nicht angefordert haben, ignorieren Sie diese Nachricht: Ihr Konto "
            "bleibt unverändert.",
        ),
    },
    "es": {
        "footer": "El equipo de eTwinning\n\n"
                  "Este mensaje se ha enviado automáticamente; por favor, no respondas.",
        EMAIL_VERIFICATION: (
            "Confirma tu dirección de correo electrónico para eTwinning",
            "Hola, $name:\n\n"
            "Gracias por registrarte en eTwinning. Para confirmar tu dirección de correo electrónico "
            "y continuar con el registro, abre este enlace:\n\n$link\n\n"
            "El enlace solo puede usarse una vez y caduca el $expires.\n"
            "Si no te has registrado, ignora este mensaje.",
        ),
        PASSWORD_RESET: (
            "Restablece tu contraseña de eTwinning",
            "Hola, $name:\n\n"
            "Hemos recibido una solicitud para restablecer la contraseña de tu cuenta de eTwinning. "
            "Para elegir una contraseña nueva, abre este enlace:\n\n$link\n\n"
            "El enlace solo puede usarse una vez y caduca el $expires.\n"
            "Si no lo has solicitado tú, ignora este mensaje: tu contraseña no cambiará.",
        ),
        PASSWORD_CHANGED: (
            "Tu contraseña de eTwinning ha cambiado",
            "Hola, $name:\n\n"
            "La contraseña de tu cuenta de eTwinning se cambió el $when. Por seguridad, tendrás que "
            "volver a identificarte en tus otros dispositivos.\n\n"
            "Si no la has cambiado tú, restablécela de inmediato desde la página de acceso y ponte en "
            "contacto con tu Servicio Nacional de Apoyo.",
        ),
        ACCOUNT_DELETION: (
            "Confirma la eliminación de tu cuenta de eTwinning",
            "Hola, $name:\n\n"
            "Hemos recibido una solicitud para eliminar tu cuenta de eTwinning. Para confirmarla, "
            "abre este enlace:\n\n$link\n\n"
            "La eliminación borra tu perfil y tus datos personales y no se puede deshacer. "
            "El enlace solo puede usarse una vez y caduca el $expires.\n"
            "Si no lo has solicitado tú, ignora este mensaje: tu cuenta seguirá igual.",
        ),
    },
    "it": {
        "footer": "Il team eTwinning\n\n"
                  "Questo messaggio è stato inviato automaticamente; ti preghiamo di non rispondere.",
        EMAIL_VERIFICATION: (
            "Conferma il tuo indirizzo email per eTwinning",
            "Ciao $name,\n\n"
            "grazie per la registrazione a eTwinning. Per confermare il tuo indirizzo email e "
            "proseguire la registrazione, apri questo link:\n\n$link\n\n"
            "Il link può essere usato una sola volta e scade il $expires.\n"
            "Se non hai richiesto la registrazione, ignora questo messaggio.",
        ),
        PASSWORD_RESET: (
            "Reimposta la tua password eTwinning",
            "Ciao $name,\n\n"
            "abbiamo ricevuto una richiesta di reimpostare la password del tuo account eTwinning. "
            "Per scegliere una nuova password, apri questo link:\n\n$link\n\n"
            "Il link può essere usato una sola volta e scade il $expires.\n"
            "Se non l'hai richiesto tu, ignora questo messaggio: la tua password resterà invariata.",
        ),
        PASSWORD_CHANGED: (
            "La tua password eTwinning è stata modificata",
            "Ciao $name,\n\n"
            "la password del tuo account eTwinning è stata modificata il $when. Per sicurezza, "
            "dovrai accedere di nuovo dai tuoi altri dispositivi.\n\n"
            "Se non l'hai modificata tu, reimpostala subito dalla pagina di accesso e contatta "
            "l'Unità nazionale eTwinning.",
        ),
        ACCOUNT_DELETION: (
            "Conferma l'eliminazione del tuo account eTwinning",
            "Ciao $name,\n\n"
            "abbiamo ricevuto una richiesta di eliminare il tuo account eTwinning. Per confermare, "
            "apri questo link:\n\n$link\n\n"
            "L'eliminazione cancella il tuo profilo e i tuoi dati personali e non può essere "
            "annullata. Il link può essere usato una sola volta e scade il $expires.\n"
            "Se non l'hai richiesto tu, ignora questo messaggio: il tuo account resterà invariato.",
        ),
    },
}

# $school: the school the validation was about; $reason: the NSO's reason for a rejection.
_DECISION_TEMPLATES = {
    "en": {
        VALIDATION_ACCEPTED: (
            "Your eTwinning registration is validated",
            "Hello $name,\n\n"
            "your National Support Organisation has validated your registration with $school. You are "
            "now an eTwinner: you can contact other teachers, join groups and found projects.",
        ),
        VALIDATION_REJECTED: (
            "Your eTwinning registration was not validated",
            "Hello $name,\n\n"
            "your National Support Organisation could not validate your registration with $school.\n"
            "Reason: $reason\n\n"
            "Your account stays open. Contact your National Support Organisation (their details are "
            "on your profile page): they can validate you once the matter is settled.",
        ),
    },
    "fr": {
        VALIDATION_ACCEPTED: (
            "Votre inscription à eTwinning est validée",
            "Bonjour $name,\n\n"
            "votre Bureau national d'assistance a validé votre inscription avec l'établissement $school. "
            "Vous êtes désormais eTwinneur : vous pouvez contacter d'autres enseignants, rejoindre des "
            "groupes et fonder des projets.",
        ),
        VALIDATION_REJECTED: (
            "Votre inscription à eTwinning n'a pas été validée",
            "Bonjour $name,\n\n"
            "votre Bureau national d'assistance n'a pas pu valider votre inscription avec "
            "l'établissement $school.\nMotif : $reason\n\n"
            "Votre compte reste ouvert. Contactez votre Bureau national d'assistance (ses coordonnées "
            "figurent sur votre page de profil) : il pourra vous valider une fois la question réglée.",
        ),
    },
    "de": {
        VALIDATION_ACCEPTED: (
            "Ihre eTwinning-Registrierung ist bestätigt",
            "Hallo $name,\n\n"
            "Ihre Nationale Koordinierungsstelle hat Ihre Registrierung mit der Schule $school bestätigt. "
            "Sie sind jetzt eTwinner: Sie können andere Lehrkräfte kontaktieren, Gruppen beitreten "
            "und Projekte gründen.",
        ),
        VALIDATION_REJECTED: (
            "Ihre eTwinning-Registrierung wurde nicht bestätigt",
            "Hallo $name,\n\n"
            "Ihre Nationale Koordinierungsstelle konnte Ihre Registrierung mit der Schule $school "
            "nicht bestätigen.\nGrund: $reason\n\n"
            "Ihr Konto bleibt bestehen. Wenden Sie sich an Ihre Nationale Koordinierungsstelle (die "
            "Kontaktdaten stehen auf Ihrer Profilseite): Sie kann Sie bestätigen, sobald die Sache "
            "geklärt ist.",
        ),
    },
    "es": {
        VALIDATION_ACCEPTED: (
            "Tu registro en eTwinning está validado",
            "Hola $name:\n\n"
            "tu Servicio Nacional de Apoyo ha validado tu registro con el centro $school. Ya eres "
            "eTwinner: puedes contactar con otros docentes, unirte a grupos y fundar proyectos.",
        ),
        VALIDATION_REJECTED: (
            "Tu registro en eTwinning no ha sido validado",
            "Hola $name:\n\n"
            "tu Servicio Nacional de Apoyo no ha podido validar tu registro con el centro $school.\n"
            "Motivo: $reason\n\n"
            "Tu cuenta sigue abierta. Ponte en contacto con tu Servicio Nacional de Apoyo (sus datos "
            "están en tu página de perfil): podrá validarte cuando se haya resuelto.",
        ),
    },
    "it": {
        VALIDATION_ACCEPTED: (
            "La tua registrazione a eTwinning è convalidata",
            "Ciao $name,\n\n"
            "la tua Unità nazionale eTwinning ha convalidato la tua registrazione con la scuola $school. "
            "Ora sei un eTwinner: puoi contattare altri docenti, entrare nei gruppi e fondare progetti.",
        ),
        VALIDATION_REJECTED: (
            "La tua registrazione a eTwinning non è stata convalidata",
            "Ciao $name,\n\n"
            "la tua Unità nazionale eTwinning non ha potuto convalidare la tua registrazione con la "
            "scuola $school.\nMotivo: $reason\n\n"
            "Il tuo account resta aperto. Contatta la tua Unità nazionale (i recapiti sono nella tua "
            "pagina del profilo): potrà convalidarti una volta chiarita la questione.",
        ),
    },
}
for _language, _texts in _DECISION_TEMPLATES.items():
    _TEMPLATES[_language].update(_texts)

LANGUAGES = tuple(_TEMPLATES)


def template_language(language):
    """The language to write in: ``fr-BE`` and ``FR`` read as ``fr``; anything unknown as English."""
    base = (language or "").replace("_", "-").split("-")[0].strip().lower()
    return base if base in _TEMPLATES else DEFAULT_LANGUAGE


def format_time(moment):
    """One unambiguous form for every language, e.g. ``2026-11-26 14:00 UTC``."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def render(kind, language, *, display_name, link=None, expires_at=None, when=None, school=None, reason=None):
    """Subject and text body of one transactional email, in the reader's language."""
    if kind not in KINDS:
        raise UnknownKind(f"no email template for {kind!r}")
    if kind in KINDS_WITH_LINK and (not link or expires_at is None):
        raise ValueError(f"a {kind} email needs a link and its expiry")
    if kind == PASSWORD_CHANGED and when is None:
        raise ValueError("a password_changed email needs the time of the change")
    texts = _TEMPLATES[template_language(language)]
    subject, body = texts[kind]
    values = {
        "name": (display_name or "").strip() or FALLBACK_NAME,
        "link": link or "",
        "expires": format_time(expires_at) if expires_at is not None else "",
        "when": format_time(when) if when is not None else "",
        "school": (school or "").strip() or "-",
        "reason": (reason or "").strip() or "-",
    }
    # safe_substitute: a "$" in a person's name must never break or alter a template.
    text = Template(body).safe_substitute(values) + "\n\n-- \n" + texts["footer"] + "\n"
    return MailContent(kind=kind, subject=subject, text_body=text)


def without_link(text, link):
    """The body as it may be kept after delivery: the single-use link is gone."""
    return text.replace(link, LINK_REMOVED) if link else text


# ---------------------------------------------------------------- SMTP retries

def retry_delay(attempts):
    """Wait after the ``attempts``-th failed delivery: 30 s, 1 min, 2 min ... capped at 1 h."""
    if attempts < 1:
        raise ValueError("attempts counts failed deliveries and starts at 1")
    delay = FIRST_RETRY_DELAY * (2 ** min(attempts - 1, 20))
    return min(delay, MAX_RETRY_DELAY)


def after_failure(queued_at, attempts, now):
    """What to do after a failed delivery: ``(PENDING, next_attempt_at)`` to try again, or
    ``(FAILED, None)`` once the mail has been retried for at least ``GIVE_UP_AFTER``."""
    if now - queued_at >= GIVE_UP_AFTER:
        return FAILED, None
    return PENDING, now + retry_delay(attempts)
