"""What the pages of the emailed links say, in the languages the emails are written in (notify's
templates): identity adds the reader's language to each link (``lang=``), so the page answers
in the language of the email it was opened from. Anything else reads as English."""

TEXTS = {
    "en": {
        "/verify-email": ("Confirm your email address", "Confirm my address",
                          "Your address is confirmed. Sign in to choose your school and finish your registration."),
        "/reset-password": ("Choose a new password", "Save my new password",
                            "Your password is changed. Sign in with the new one; other sessions were signed out."),
        "/confirm-deletion": ("Delete your eTwinning account", "Delete my account for good",
                              "Your account is deleted and your personal data erased."),
        "/confirm-email": ("Confirm your new email address", "Use this address",
                           "Your eTwinning account now uses this address: sign in with it from now on."),
        "/director-answer": ("Does this teacher work at your school?", "Send my answer",
                             "Thank you: your answer is passed on to the National Support Organisation, which "
                             "validates eTwinning members."),
        "new_password": "New password (at least 10 characters)",
        "director_intro": "Our email names the person who registered with eTwinning as a member of your school.",
        "director_named": "{applicant} has registered with eTwinning as a member of {school}.",
        "director_yes": "Yes, this person works at our school",
        "director_no": "No, this person does not work at our school",
        "again": "Try again",
        "unreadable": "This form could not be read. Open the link from the email again.",
        "busy": "The service is busy or restarting. Try again in a minute: the link still works.",
        "bad_link": "The link is not valid; ask for a new one.",
        "token_invalid": "This link is not valid, or its account no longer exists. Ask for a new one if you still "
                         "need it.",
        "token_used": "This link has already been used, or a newer one was sent since: use the latest email, or "
                      "ask for a new link.",
        "token_expired": "This link has expired. Ask for a new one.",
        "link_invalid": "This link is not valid, or it has been answered already.",
        "link_expired": "This question is closed: the National Support Organisation has decided already, or the "
                        "link is too old.",
        "new_password_rule": "Use at least 10 characters (at most 256).",
        "your_password": "The password you chose when you registered",
        "password_mismatch": "This is not the password registered with this address. "
                             "If you did not register, ignore the email.",
        "answer_missing": "Choose yes or no.",
    },
    "fr": {
        "/verify-email": ("Confirmez votre adresse électronique", "Confirmer mon adresse",
                          "Votre adresse est confirmée. Connectez-vous pour choisir votre établissement et "
                          "terminer votre inscription."),
        "/reset-password": ("Choisissez un nouveau mot de passe", "Enregistrer mon nouveau mot de passe",
                            "Votre mot de passe est changé. Connectez-vous avec le nouveau ; vos autres sessions "
                            "ont été fermées."),
        "/confirm-deletion": ("Supprimer votre compte eTwinning", "Supprimer définitivement mon compte",
                              "Votre compte est supprimé et vos données personnelles effacées."),
        "/confirm-email": ("Confirmez votre nouvelle adresse électronique", "Utiliser cette adresse",
                           "Votre compte eTwinning utilise désormais cette adresse : connectez-vous avec elle."),
        "/director-answer": ("Cette personne travaille-t-elle dans votre établissement ?", "Envoyer ma réponse",
                             "Merci : votre réponse est transmise au Bureau national d'assistance, qui valide "
                             "les membres d'eTwinning."),
        "new_password": "Nouveau mot de passe (10 caractères au moins)",
        "director_intro": "Notre message indique la personne inscrite à eTwinning comme membre de votre "
                          "établissement.",
        "director_named": "{applicant} s'est inscrit·e à eTwinning comme membre de l'établissement {school}.",
        "director_yes": "Oui, cette personne travaille dans notre établissement",
        "director_no": "Non, cette personne ne travaille pas dans notre établissement",
        "again": "Réessayer",
        "unreadable": "Ce formulaire est illisible. Rouvrez le lien depuis l'e-mail.",
        "busy": "Le service est occupé ou redémarre. Réessayez dans une minute : le lien reste valable.",
        "bad_link": "Ce lien n'est pas valable ; demandez-en un nouveau.",
        "token_invalid": "Ce lien n'est pas valable, ou son compte n'existe plus. Demandez-en un nouveau si "
                         "besoin.",
        "token_used": "Ce lien a déjà été utilisé, ou un plus récent a été envoyé depuis : utilisez le dernier "
                      "message, ou demandez un nouveau lien.",
        "token_expired": "Ce lien a expiré. Demandez-en un nouveau.",
        "link_invalid": "Ce lien n'est pas valable, ou une réponse a déjà été donnée.",
        "link_expired": "Cette question est close : le Bureau national d'assistance a déjà décidé, ou le lien est "
                        "trop ancien.",
        "new_password_rule": "Utilisez au moins 10 caractères (256 au plus).",
        "your_password": "Le mot de passe choisi lors de votre inscription",
        "password_mismatch": "Ce n'est pas le mot de passe enregistré pour cette adresse. "
                             "Si vous ne vous êtes pas inscrit, ignorez le message.",
        "answer_missing": "Choisissez oui ou non.",
    },
    "de": {
        "/verify-email": ("Bestätigen Sie Ihre E-Mail-Adresse", "Meine Adresse bestätigen",
                          "Ihre Adresse ist bestätigt. Melden Sie sich an, um Ihre Schule zu wählen und die "
                          "Registrierung abzuschließen."),
        "/reset-password": ("Wählen Sie ein neues Passwort", "Neues Passwort speichern",
                            "Ihr Passwort ist geändert. Melden Sie sich mit dem neuen an; andere Sitzungen wurden "
                            "abgemeldet."),
        "/confirm-deletion": ("Ihr eTwinning-Konto löschen", "Mein Konto endgültig löschen",
                              "Ihr Konto ist gelöscht, Ihre personenbezogenen Daten sind entfernt."),
        "/confirm-email": ("Bestätigen Sie Ihre neue E-Mail-Adresse", "Diese Adresse verwenden",
                           "Ihr eTwinning-Konto verwendet jetzt diese Adresse: Melden Sie sich künftig damit an."),
        "/director-answer": ("Arbeitet diese Person an Ihrer Schule?", "Antwort senden",
                             "Danke: Ihre Antwort geht an die Nationale Koordinierungsstelle, die eTwinning-"
                             "Mitglieder bestätigt."),
        "new_password": "Neues Passwort (mindestens 10 Zeichen)",
        "director_intro": "Unsere E-Mail nennt die Person, die sich bei eTwinning als Mitglied Ihrer Schule "
                          "registriert hat.",
        "director_named": "{applicant} hat sich bei eTwinning als Mitglied der Schule {school} registriert.",
        "director_yes": "Ja, diese Person arbeitet an unserer Schule",
        "director_no": "Nein, diese Person arbeitet nicht an unserer Schule",
        "again": "Erneut versuchen",
        "unreadable": "Dieses Formular konnte nicht gelesen werden. Öffnen Sie den Link aus der E-Mail erneut.",
        "busy": "Der Dienst ist ausgelastet oder startet neu. Versuchen Sie es in einer Minute erneut: Der Link "
                "bleibt gültig.",
        "bad_link": "Der Link ist ungültig; fordern Sie einen neuen an.",
        "token_invalid": "Dieser Link ist ungültig, oder sein Konto existiert nicht mehr. Fordern Sie bei Bedarf "
                         "einen neuen an.",
        "token_used": "Dieser Link wurde schon verwendet, oder seitdem wurde ein neuerer gesendet: Verwenden Sie "
                      "die neueste E-Mail oder fordern Sie einen neuen Link an.",
        "token_expired": "Dieser Link ist abgelaufen. Fordern Sie einen neuen an.",
        "link_invalid": "Dieser Link ist ungültig, oder die Frage wurde schon beantwortet.",
        "link_expired": "Diese Frage ist geschlossen: Die Nationale Koordinierungsstelle hat schon entschieden, "
                        "oder der Link ist zu alt.",
        "new_password_rule": "Verwenden Sie mindestens 10 Zeichen (höchstens 256).",
        "your_password": "Das Passwort, das Sie bei der Registrierung gewählt haben",
        "password_mismatch": "Das ist nicht das für diese Adresse registrierte Passwort. "
                             "Wenn Sie sich nicht registriert haben, ignorieren Sie die E-Mail.",
        "answer_missing": "Wählen Sie Ja oder Nein.",
    },
    "es": {
        "/verify-email": ("Confirma tu dirección de correo", "Confirmar mi dirección",
                          "Tu dirección está confirmada. Inicia sesión para elegir tu centro y terminar el "
                          "registro."),
        "/reset-password": ("Elige una contraseña nueva", "Guardar mi contraseña nueva",
                            "Tu contraseña ha cambiado. Inicia sesión con la nueva; las demás sesiones se han "
                            "cerrado."),
        "/confirm-deletion": ("Eliminar tu cuenta de eTwinning", "Eliminar mi cuenta definitivamente",
                              "Tu cuenta está eliminada y tus datos personales borrados."),
        "/confirm-email": ("Confirma tu nueva dirección de correo", "Usar esta dirección",
                           "Tu cuenta de eTwinning usa ahora esta dirección: inicia sesión con ella a partir de "
                           "ahora."),
        "/director-answer": ("¿Trabaja esta persona en tu centro?", "Enviar mi respuesta",
                             "Gracias: tu respuesta se transmite al Servicio Nacional de Apoyo, que valida a los "
                             "miembros de eTwinning."),
        "new_password": "Contraseña nueva (al menos 10 caracteres)",
        "director_intro": "Nuestro correo indica la persona que se ha registrado en eTwinning como miembro de tu "
                          "centro.",
        "director_named": "{applicant} se ha registrado en eTwinning como miembro del centro {school}.",
        "director_yes": "Sí, esta persona trabaja en nuestro centro",
        "director_no": "No, esta persona no trabaja en nuestro centro",
        "again": "Intentarlo de nuevo",
        "unreadable": "No se ha podido leer este formulario. Vuelve a abrir el enlace del correo.",
        "busy": "El servicio está ocupado o reiniciándose. Vuelve a intentarlo en un minuto: el enlace sigue "
                "siendo válido.",
        "bad_link": "El enlace no es válido; pide uno nuevo.",
        "token_invalid": "Este enlace no es válido, o su cuenta ya no existe. Pide uno nuevo si aún lo necesitas.",
        "token_used": "Este enlace ya se ha usado, o se ha enviado uno más reciente: usa el último correo o pide "
                      "un enlace nuevo.",
        "token_expired": "Este enlace ha caducado. Pide uno nuevo.",
        "link_invalid": "Este enlace no es válido, o ya se ha respondido.",
        "link_expired": "Esta pregunta está cerrada: el Servicio Nacional de Apoyo ya ha decidido, o el enlace es "
                        "demasiado antiguo.",
        "new_password_rule": "Usa al menos 10 caracteres (como mucho 256).",
        "your_password": "La contraseña que elegiste al registrarte",
        "password_mismatch": "Esta no es la contraseña registrada con esta dirección. "
                             "Si no te has registrado, ignora el mensaje.",
        "answer_missing": "Elige sí o no.",
    },
    "it": {
        "/verify-email": ("Conferma il tuo indirizzo email", "Conferma il mio indirizzo",
                          "Il tuo indirizzo è confermato. Accedi per scegliere la tua scuola e completare la "
                          "registrazione."),
        "/reset-password": ("Scegli una nuova password", "Salva la nuova password",
                            "La tua password è cambiata. Accedi con quella nuova; le altre sessioni sono state "
                            "chiuse."),
        "/confirm-deletion": ("Elimina il tuo account eTwinning", "Elimina definitivamente il mio account",
                              "Il tuo account è eliminato e i tuoi dati personali cancellati."),
        "/confirm-email": ("Conferma il tuo nuovo indirizzo e-mail", "Usa questo indirizzo",
                           "Il tuo account eTwinning usa ora questo indirizzo: d'ora in poi accedi con esso."),
        "/director-answer": ("Questa persona lavora nella tua scuola?", "Invia la mia risposta",
                             "Grazie: la tua risposta è trasmessa all'Unità nazionale eTwinning, che convalida i "
                             "membri di eTwinning."),
        "new_password": "Nuova password (almeno 10 caratteri)",
        "director_intro": "La nostra email indica la persona che si è registrata a eTwinning come membro della "
                          "tua scuola.",
        "director_named": "{applicant} si è registrato/a a eTwinning come membro della scuola {school}.",
        "director_yes": "Sì, questa persona lavora nella nostra scuola",
        "director_no": "No, questa persona non lavora nella nostra scuola",
        "again": "Riprova",
        "unreadable": "Impossibile leggere questo modulo. Riapri il link dell'e-mail.",
        "busy": "Il servizio è occupato o si sta riavviando. Riprova tra un minuto: il link resta valido.",
        "bad_link": "Il link non è valido; chiedine uno nuovo.",
        "token_invalid": "Questo link non è valido, oppure il suo account non esiste più. Chiedine uno nuovo se "
                         "ti serve ancora.",
        "token_used": "Questo link è già stato usato, oppure ne è stato inviato uno più recente: usa l'ultima "
                      "email o chiedi un nuovo link.",
        "token_expired": "Questo link è scaduto. Chiedine uno nuovo.",
        "link_invalid": "Questo link non è valido, oppure la risposta è già stata data.",
        "link_expired": "Questa domanda è chiusa: l'Unità nazionale ha già deciso, oppure il link è troppo vecchio.",
        "new_password_rule": "Usa almeno 10 caratteri (al massimo 256).",
        "your_password": "La password scelta al momento della registrazione",
        "password_mismatch": "Questa non è la password registrata con questo indirizzo. "
                             "Se non ti sei registrato, ignora il messaggio.",
        "answer_missing": "Scegli sì o no.",
    },
}


def language_of(requested):
    """``es``, ``es-ES`` and ``ES`` read as ``es``; anything without texts as English."""
    base = (requested or "").replace("_", "-").split("-")[0].strip().lower()
    return base if base in TEXTS else "en"
