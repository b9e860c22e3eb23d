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
ACCOUNT_EXISTS = "account_exists"  # someone registered with an address that has an account
DIRECTOR_CONFIRMATION = "director_confirmation"  # the school's director is asked about an applicant (A22)
INACTIVITY_WARNING = "inactivity_warning"  # a month before the account becomes inactive (A14)
REMOVAL_WARNING = "removal_warning"  # a month before the account is removed (A14)
EMAIL_CHANGE = "email_change"  # to the new address: open the link to use it (R26)
EMAIL_CHANGED = "email_changed"  # to the old address: it was replaced
VALIDATIONS_LATE = "validations_late"  # to staff: validation tasks waited past 30 days (A22)
KINDS = (EMAIL_VERIFICATION, PASSWORD_RESET, PASSWORD_CHANGED, ACCOUNT_DELETION, VALIDATION_ACCEPTED,
         VALIDATION_REJECTED, ACCOUNT_EXISTS, DIRECTOR_CONFIRMATION, INACTIVITY_WARNING, REMOVAL_WARNING,
         EMAIL_CHANGE, EMAIL_CHANGED, VALIDATIONS_LATE)
KINDS_WITH_LINK = (EMAIL_VERIFICATION, PASSWORD_RESET, ACCOUNT_DELETION, ACCOUNT_EXISTS, DIRECTOR_CONFIRMATION,
                   EMAIL_CHANGE)

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
# $when: the moment the mail is about (the password's change, the day of inactivity or removal). Times are written in UTC, the same for every reader.

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
            "now an eTwinner: you can contact other teachers, join groups and found projects.\n\n"
            "Other teachers can propose a project to you once you turn on \"available for eTwinning "
            "project\" in your profile settings.",
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
            "groupes et fonder des projets.\n\n"
            "D'autres enseignants pourront vous proposer un projet dès que vous aurez activé « disponible "
            "pour un projet eTwinning » dans les paramètres de votre profil.",
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
            "und Projekte gründen.\n\n"
            "Andere Lehrkräfte können Ihnen ein Projekt vorschlagen, sobald Sie in Ihren "
            "Profileinstellungen „verfügbar für ein eTwinning-Projekt“ einschalten.",
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
            "eTwinner: puedes contactar con otros docentes, unirte a grupos y fundar proyectos.\n\n"
            "Otros docentes podrán proponerte un proyecto cuando actives «disponible para un proyecto "
            "eTwinning» en la configuración de tu perfil.",
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
            "Ora sei un eTwinner: puoi contattare altri docenti, entrare nei gruppi e fondare progetti.\n\n"
            "Altri docenti potranno proporti un progetto quando attiverai «disponibile per un progetto "
            "eTwinning» nelle impostazioni del tuo profilo.",
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
# A registration with an address that has an account: the answer to the form is the same as
# for a new one (no enumeration), so the owner is told here, with a password-reset link.
_ACCOUNT_EXISTS_TEMPLATES = {
    "en": {ACCOUNT_EXISTS: (
        "You already have an eTwinning account",
        "Hello $name,\n\n"
        "someone, probably you, tried to register with eTwinning using this email address, which "
        "already belongs to your account. You can simply sign in. If you forgot your password, "
        "choose a new one with this link:\n\n$link\n\n"
        "The link can be used once and expires on $expires.\n"
        "If it was not you, ignore this message: nothing has changed.",
    )},
    "fr": {ACCOUNT_EXISTS: (
        "Vous avez déjà un compte eTwinning",
        "Bonjour $name,\n\n"
        "quelqu'un, sans doute vous, a essayé de s'inscrire à eTwinning avec cette adresse "
        "électronique, qui appartient déjà à votre compte. Il vous suffit de vous connecter. Si vous "
        "avez oublié votre mot de passe, choisissez-en un nouveau avec ce lien :\n\n$link\n\n"
        "Ce lien ne peut être utilisé qu'une fois et expire le $expires.\n"
        "Si ce n'était pas vous, ignorez ce message : rien n'a changé.",
    )},
    "de": {ACCOUNT_EXISTS: (
        "Sie haben bereits ein eTwinning-Konto",
        "Hallo $name,\n\n"
        "jemand, wahrscheinlich Sie, wollte sich mit dieser E-Mail-Adresse bei eTwinning "
        "registrieren; sie gehört bereits zu Ihrem Konto. Sie können sich einfach anmelden. Falls "
        "Sie Ihr Passwort vergessen haben, wählen Sie mit diesem Link ein neues:\n\n$link\n\n"
        "Der Link kann einmal verwendet werden und läuft am $expires ab.\n"
        "Falls Sie es nicht waren, ignorieren Sie diese Nachricht: Es hat sich nichts geändert.",
    )},
    "es": {ACCOUNT_EXISTS: (
        "Ya tienes una cuenta de eTwinning",
        "Hola $name:\n\n"
        "alguien, probablemente tú, ha intentado registrarse en eTwinning con esta dirección de "
        "correo, que ya pertenece a tu cuenta. Basta con que inicies sesión. Si has olvidado tu "
        "contraseña, elige una nueva con este enlace:\n\n$link\n\n"
        "El enlace solo puede usarse una vez y caduca el $expires.\n"
        "Si no has sido tú, ignora este mensaje: no ha cambiado nada.",
    )},
    "it": {ACCOUNT_EXISTS: (
        "Hai già un account eTwinning",
        "Ciao $name,\n\n"
        "qualcuno, probabilmente tu, ha provato a registrarsi a eTwinning con questo indirizzo "
        "email, che appartiene già al tuo account. Ti basta accedere. Se hai dimenticato la "
        "password, scegline una nuova con questo link:\n\n$link\n\n"
        "Il link può essere usato una sola volta e scade il $expires.\n"
        "Se non sei stato tu, ignora questo messaggio: non è cambiato nulla.",
    )},
}

# To a school's director, in the applicant's language: $applicant asked to join $school.
_DIRECTOR_TEMPLATES = {
    "en": {DIRECTOR_CONFIRMATION: (
        "eTwinning: does $applicant work at your school?",
        "Hello $name,\n\n"
        "$applicant has registered with eTwinning, the European community of schools, as a member "
        "of $school. Before accepting them, the National Support Organisation asks you, as the "
        "school's director, to confirm that this person works at your school. Please answer with "
        "this link:\n\n$link\n\n"
        "The link can be used once and expires on $expires. If the school or the person is not "
        "known to you, answer no, or ignore this message.",
    )},
    "fr": {DIRECTOR_CONFIRMATION: (
        "eTwinning : $applicant travaille-t-il ou elle dans votre établissement ?",
        "Bonjour $name,\n\n"
        "$applicant s'est inscrit·e à eTwinning, la communauté européenne des établissements "
        "scolaires, comme membre de l'établissement $school. Avant de l'accepter, le Bureau national "
        "d'assistance vous demande, en tant que chef d'établissement, de confirmer que cette personne "
        "travaille dans votre établissement. Merci de répondre avec ce lien :\n\n$link\n\n"
        "Ce lien ne peut être utilisé qu'une fois et expire le $expires. Si l'établissement ou la "
        "personne vous est inconnu, répondez non, ou ignorez ce message.",
    )},
    "de": {DIRECTOR_CONFIRMATION: (
        "eTwinning: Arbeitet $applicant an Ihrer Schule?",
        "Hallo $name,\n\n"
        "$applicant hat sich bei eTwinning, der europäischen Schulgemeinschaft, als Mitglied der "
        "Schule $school registriert. Bevor die Nationale Koordinierungsstelle die Registrierung "
        "bestätigt, bittet sie Sie als Schulleitung zu bestätigen, dass diese Person an Ihrer Schule "
        "arbeitet. Bitte antworten Sie über diesen Link:\n\n$link\n\n"
        "Der Link kann einmal verwendet werden und läuft am $expires ab. Wenn Ihnen die Schule oder "
        "die Person unbekannt ist, antworten Sie mit Nein oder ignorieren Sie diese Nachricht.",
    )},
    "es": {DIRECTOR_CONFIRMATION: (
        "eTwinning: ¿trabaja $applicant en tu centro?",
        "Hola $name:\n\n"
        "$applicant se ha registrado en eTwinning, la comunidad europea de centros escolares, como "
        "miembro del centro $school. Antes de aceptarlo, el Servicio Nacional de Apoyo te pide, como "
        "director o directora del centro, que confirmes que esta persona trabaja en tu centro. "
        "Responde con este enlace:\n\n$link\n\n"
        "El enlace solo puede usarse una vez y caduca el $expires. Si no conoces el centro o a la "
        "persona, responde que no o ignora este mensaje.",
    )},
    "it": {DIRECTOR_CONFIRMATION: (
        "eTwinning: $applicant lavora nella tua scuola?",
        "Ciao $name,\n\n"
        "$applicant si è registrato/a a eTwinning, la comunità europea delle scuole, come membro "
        "della scuola $school. Prima di accettarlo/a, l'Unità nazionale eTwinning ti chiede, come "
        "dirigente scolastico, di confermare che questa persona lavora nella tua scuola. Rispondi con "
        "questo link:\n\n$link\n\n"
        "Il link può essere usato una sola volta e scade il $expires. Se la scuola o la persona non "
        "ti sono note, rispondi di no oppure ignora questo messaggio.",
    )},
}

# A14: a month ahead; $when is the day it happens unless the owner signs in before.
_LIFECYCLE_TEMPLATES = {
    "en": {
        INACTIVITY_WARNING: (
            "Your eTwinning account will become inactive",
            "Hello $name,\n\n"
            "you have not signed in to eTwinning for almost two years. On $when your profile becomes "
            "inactive: hidden from searches and from other teachers. Sign in before then to keep it "
            "active; signing in later reactivates it.",
        ),
        REMOVAL_WARNING: (
            "Your eTwinning account will be removed",
            "Hello $name,\n\n"
            "you have not signed in to eTwinning for almost three years. On $when your account is "
            "removed and your personal data erased; this cannot be undone. Sign in before then to keep it.",
        ),
    },
    "fr": {
        INACTIVITY_WARNING: (
            "Votre compte eTwinning va devenir inactif",
            "Bonjour $name,\n\n"
            "vous ne vous êtes pas connecté à eTwinning depuis bientôt deux ans. Le $when, votre profil "
            "deviendra inactif : il n'apparaîtra plus dans les recherches ni auprès des autres "
            "enseignants. Connectez-vous avant cette date pour le garder actif ; une connexion plus "
            "tardive le réactive.",
        ),
        REMOVAL_WARNING: (
            "Votre compte eTwinning va être supprimé",
            "Bonjour $name,\n\n"
            "vous ne vous êtes pas connecté à eTwinning depuis bientôt trois ans. Le $when, votre compte "
            "sera supprimé et vos données personnelles effacées, sans retour possible. Connectez-vous "
            "avant cette date pour le conserver.",
        ),
    },
    "de": {
        INACTIVITY_WARNING: (
            "Ihr eTwinning-Konto wird inaktiv",
            "Hallo $name,\n\n"
            "Sie haben sich seit fast zwei Jahren nicht bei eTwinning angemeldet. Am $when wird Ihr "
            "Profil inaktiv: Es erscheint nicht mehr in Suchen und bei anderen Lehrkräften. Melden Sie "
            "sich vorher an, damit es aktiv bleibt; eine spätere Anmeldung aktiviert es wieder.",
        ),
        REMOVAL_WARNING: (
            "Ihr eTwinning-Konto wird gelöscht",
            "Hallo $name,\n\n"
            "Sie haben sich seit fast drei Jahren nicht bei eTwinning angemeldet. Am $when wird Ihr "
            "Konto entfernt und Ihre personenbezogenen Daten werden gelöscht; das lässt sich nicht "
            "rückgängig machen. Melden Sie sich vorher an, um es zu behalten.",
        ),
    },
    "es": {
        INACTIVITY_WARNING: (
            "Tu cuenta de eTwinning pasará a estar inactiva",
            "Hola $name:\n\n"
            "hace casi dos años que no inicias sesión en eTwinning. El $when tu perfil pasará a estar "
            "inactivo: dejará de aparecer en las búsquedas y ante otros docentes. Inicia sesión antes "
            "para mantenerlo activo; si inicias sesión más tarde, se reactiva.",
        ),
        REMOVAL_WARNING: (
            "Tu cuenta de eTwinning será eliminada",
            "Hola $name:\n\n"
            "hace casi tres años que no inicias sesión en eTwinning. El $when tu cuenta será eliminada "
            "y tus datos personales borrados, sin posibilidad de recuperarlos. Inicia sesión antes para "
            "conservarla.",
        ),
    },
    "it": {
        INACTIVITY_WARNING: (
            "Il tuo account eTwinning diventerà inattivo",
            "Ciao $name,\n\n"
            "non accedi a eTwinning da quasi due anni. Il $when il tuo profilo diventerà inattivo: non "
            "comparirà più nelle ricerche né agli altri insegnanti. Accedi prima di quella data per "
            "mantenerlo attivo; un accesso successivo lo riattiva.",
        ),
        REMOVAL_WARNING: (
            "Il tuo account eTwinning sarà eliminato",
            "Ciao $name,\n\n"
            "non accedi a eTwinning da quasi tre anni. Il $when il tuo account sarà eliminato e i tuoi "
            "dati personali cancellati, senza possibilità di recupero. Accedi prima di quella data per "
            "conservarlo.",
        ),
    },
}

# R26: the new address confirms it is the owner's; the old one is told it was replaced.
_EMAIL_CHANGE_TEMPLATES = {
    "en": {
        EMAIL_CHANGE: (
            "Confirm your new email address for eTwinning",
            "Hello $name,\n\n"
            "you asked to use this address for your eTwinning account from now on. To confirm, open "
            "this link:\n\n$link\n\n"
            "The link can be used once and expires on $expires; until then your account keeps its "
            "current address.\nIf you did not ask for this, ignore this message.",
        ),
        EMAIL_CHANGED: (
            "Your eTwinning email address was changed",
            "Hello $name,\n\n"
            "on $when the email address of your eTwinning account was changed to $address. This "
            "address will receive no more messages from eTwinning.\n\n"
            "If you did not change it, contact your National Support Organisation at once.",
        ),
    },
    "fr": {
        EMAIL_CHANGE: (
            "Confirmez votre nouvelle adresse électronique pour eTwinning",
            "Bonjour $name,\n\n"
            "vous avez demandé à utiliser désormais cette adresse pour votre compte eTwinning. Pour "
            "confirmer, ouvrez ce lien :\n\n$link\n\n"
            "Ce lien ne peut être utilisé qu'une fois et expire le $expires ; d'ici là, votre compte "
            "garde son adresse actuelle.\nSi vous n'êtes pas à l'origine de cette demande, ignorez ce message.",
        ),
        EMAIL_CHANGED: (
            "Votre adresse électronique eTwinning a été changée",
            "Bonjour $name,\n\n"
            "le $when, l'adresse électronique de votre compte eTwinning a été remplacée par $address. "
            "Cette adresse ne recevra plus de messages d'eTwinning.\n\n"
            "Si vous n'êtes pas à l'origine de ce changement, contactez sans attendre votre Bureau "
            "national d'assistance.",
        ),
    },
    "de": {
        EMAIL_CHANGE: (
            "Bestätigen Sie Ihre neue E-Mail-Adresse für eTwinning",
            "Hallo $name,\n\n"
            "Sie möchten diese Adresse künftig für Ihr eTwinning-Konto verwenden. Zur Bestätigung "
            "öffnen Sie diesen Link:\n\n$link\n\n"
            "Der Link kann einmal verwendet werden und läuft am $expires ab; bis dahin behält Ihr "
            "Konto seine bisherige Adresse.\nFalls Sie das nicht veranlasst haben, ignorieren Sie diese "
            "Nachricht.",
        ),
        EMAIL_CHANGED: (
            "Ihre eTwinning-E-Mail-Adresse wurde geändert",
            "Hallo $name,\n\n"
            "am $when wurde die E-Mail-Adresse Ihres eTwinning-Kontos in $address geändert. An diese "
            "Adresse sendet eTwinning keine Nachrichten mehr.\n\n"
            "Falls Sie die Änderung nicht vorgenommen haben, wenden Sie sich sofort an Ihre Nationale "
            "Koordinierungsstelle.",
        ),
    },
    "es": {
        EMAIL_CHANGE: (
            "Confirma tu nueva dirección de correo para eTwinning",
            "Hola $name:\n\n"
            "has pedido usar esta dirección para tu cuenta de eTwinning a partir de ahora. Para "
            "confirmarlo, abre este enlace:\n\n$link\n\n"
            "El enlace solo puede usarse una vez y caduca el $expires; hasta entonces tu cuenta "
            "conserva su dirección actual.\nSi no lo has pedido tú, ignora este mensaje.",
        ),
        EMAIL_CHANGED: (
            "Se ha cambiado tu dirección de correo de eTwinning",
            "Hola $name:\n\n"
            "el $when, la dirección de correo de tu cuenta de eTwinning se cambió por $address. Esta "
            "dirección ya no recibirá mensajes de eTwinning.\n\n"
            "Si no has sido tú, ponte en contacto de inmediato con tu Servicio Nacional de Apoyo.",
        ),
    },
    "it": {
        EMAIL_CHANGE: (
            "Conferma il tuo nuovo indirizzo e-mail per eTwinning",
            "Ciao $name,\n\n"
            "hai chiesto di usare d'ora in poi questo indirizzo per il tuo account eTwinning. Per "
            "confermare, apri questo link:\n\n$link\n\n"
            "Il link può essere usato una sola volta e scade il $expires; fino ad allora il tuo "
            "account mantiene l'indirizzo attuale.\nSe non l'hai chiesto tu, ignora questo messaggio.",
        ),
        EMAIL_CHANGED: (
            "Il tuo indirizzo e-mail eTwinning è stato cambiato",
            "Ciao $name,\n\n"
            "il $when l'indirizzo e-mail del tuo account eTwinning è stato sostituito da $address. "
            "Questo indirizzo non riceverà più messaggi da eTwinning.\n\n"
            "Se non sei stato tu, contatta subito la tua Unità nazionale eTwinning.",
        ),
    },
}

# $tasks: one line per country, its newly late tasks
_LATE_PATH = "GET /api/v1/validation-tasks?overdue=true"
_LATE_TEMPLATES = {
    "en": {VALIDATIONS_LATE: (
        "eTwinning validation tasks waiting over 30 days",
        "Hello $name,\n\n"
        "these registrations have now waited more than 30 days for their validation:\n\n$tasks\n\n"
        "The teachers cannot take part in eTwinning until they are validated. Every late task is in "
        f"the validation queue's overdue list ({_LATE_PATH}).",
    )},
    "fr": {VALIDATIONS_LATE: (
        "Validations eTwinning en attente depuis plus de 30 jours",
        "Bonjour $name,\n\n"
        "ces inscriptions attendent maintenant depuis plus de 30 jours leur validation :\n\n$tasks\n\n"
        "Les enseignants ne peuvent pas participer à eTwinning tant qu'ils ne sont pas validés. Toutes "
        f"les tâches en retard figurent dans la liste des retards de la file de validation ({_LATE_PATH}).",
    )},
    "de": {VALIDATIONS_LATE: (
        "eTwinning-Bestätigungen warten seit über 30 Tagen",
        "Hallo $name,\n\n"
        "diese Registrierungen warten jetzt seit mehr als 30 Tagen auf ihre Bestätigung:\n\n$tasks\n\n"
        "Die Lehrkräfte können erst nach der Bestätigung an eTwinning teilnehmen. Alle verspäteten "
        f"Aufgaben stehen in der Liste der überfälligen Bestätigungen ({_LATE_PATH}).",
    )},
    "es": {VALIDATIONS_LATE: (
        "Validaciones de eTwinning pendientes desde hace más de 30 días",
        "Hola $name:\n\n"
        "estos registros llevan ya más de 30 días esperando su validación:\n\n$tasks\n\n"
        "Los docentes no pueden participar en eTwinning hasta que se les valide. Todas las tareas "
        f"atrasadas están en la lista de retrasos de la cola de validación ({_LATE_PATH}).",
    )},
    "it": {VALIDATIONS_LATE: (
        "Convalide eTwinning in attesa da oltre 30 giorni",
        "Ciao $name,\n\n"
        "queste registrazioni attendono ormai da più di 30 giorni la convalida:\n\n$tasks\n\n"
        "I docenti non possono partecipare a eTwinning finché non sono convalidati. Tutte le attività "
        f"in ritardo sono nell'elenco dei ritardi della coda di convalida ({_LATE_PATH}).",
    )},
}

for _extra in (_DECISION_TEMPLATES, _ACCOUNT_EXISTS_TEMPLATES, _DIRECTOR_TEMPLATES, _LIFECYCLE_TEMPLATES,
               _EMAIL_CHANGE_TEMPLATES, _LATE_TEMPLATES):
    for _language, _texts in _extra.items():
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


def render(kind, language, *, display_name, link=None, expires_at=None, when=None, school=None, reason=None,
           applicant=None, address=None, tasks=None):
    """Subject and text body of one transactional email, in the reader's language."""
    if kind not in KINDS:
        raise UnknownKind(f"no email template for {kind!r}")
    if kind in KINDS_WITH_LINK and (not link or expires_at is None):
        raise ValueError(f"a {kind} email needs a link and its expiry")
    if kind in (PASSWORD_CHANGED, INACTIVITY_WARNING, REMOVAL_WARNING, EMAIL_CHANGED) and when is None:
        raise ValueError(f"a {kind} email needs its time")
    if kind == VALIDATIONS_LATE and not tasks:
        raise ValueError("a validations_late email needs its tasks per country")
    texts = _TEMPLATES[template_language(language)]
    subject, body = texts[kind]
    subject = Template(subject).safe_substitute(applicant=(applicant or "").strip() or FALLBACK_NAME)
    values = {
        "name": (display_name or "").strip() or FALLBACK_NAME,
        "link": link or "",
        "expires": format_time(expires_at) if expires_at is not None else "",
        "when": format_time(when) if when is not None else "",
        "school": (school or "").strip() or "-",
        "reason": (reason or "").strip() or "-",
        "applicant": (applicant or "").strip() or FALLBACK_NAME,
        "address": (address or "").strip() or "-",
        "tasks": "\n".join(f"  {country}: {count}" for country, count in sorted((tasks or {}).items())),
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
