"""Labels of the controlled vocabularies that CLDR does not name (R11): member types, subjects,
age groups, ICT use, school levels and key competences, in the languages the platform's emails
are written in. A language without its own labels reads them in English."""

ENGLISH = {
    "member_types": {
        "teacher": "Teacher", "educational_advisor": "Educational advisor", "head_teacher": "Head teacher",
        "librarian": "Librarian", "other_staff": "Other school staff",
    },
    "subjects": {
        "art": "Art", "biology": "Biology", "chemistry": "Chemistry", "citizenship": "Citizenship",
        "computing": "Computing", "cross_curricular": "Cross-curricular", "drama": "Drama",
        "economics": "Economics", "environmental_education": "Environmental education",
        "european_studies": "European studies", "foreign_languages": "Foreign languages", "geography": "Geography",
        "history": "History", "home_economics": "Home economics", "informatics_ict": "Informatics / ICT",
        "language_and_literature": "Language and literature", "mathematics": "Mathematics",
        "media_education": "Media education", "music": "Music", "natural_sciences": "Natural sciences",
        "philosophy": "Philosophy", "physical_education": "Physical education", "physics": "Physics",
        "pre_school_education": "Pre-school education", "primary_school_subjects": "Primary school subjects",
        "religion": "Religion", "social_studies": "Social studies", "special_needs_education": "Special needs education",
        "technology": "Technology", "vocational_subjects": "Vocational subjects",
    },
    "age_groups": {"3-5": "3-5 years", "6-11": "6-11 years", "12-15": "12-15 years", "16-19": "16-19 years"},
    "ict_use": {"basic": "Basic", "intermediate": "Intermediate", "advanced": "Advanced"},
    "education_levels": {
        "pre_primary": "Pre-primary", "primary": "Primary", "lower_secondary": "Lower secondary",
        "upper_secondary": "Upper secondary", "vocational": "Vocational",
    },
    "key_competences": {
        "literacy": "Literacy", "multilingual": "Multilingualism",
        "mathematics_science_technology_engineering": "Mathematics, science, technology and engineering",
        "digital": "Digital competence", "personal_social_learning_to_learn": "Personal, social and learning to learn",
        "citizenship": "Citizenship", "entrepreneurship": "Entrepreneurship",
        "cultural_awareness_expression": "Cultural awareness and expression",
    },
}

TRANSLATED = {
    "fr": {
        "member_types": {
            "teacher": "Enseignant(e)", "educational_advisor": "Conseiller(ère) pédagogique",
            "head_teacher": "Chef d'établissement", "librarian": "Bibliothécaire", "other_staff": "Autre personnel",
        },
        "subjects": {
            "art": "Arts plastiques", "biology": "Biologie", "chemistry": "Chimie", "citizenship": "Éducation civique",
            "computing": "Informatique", "cross_curricular": "Interdisciplinaire", "drama": "Théâtre",
            "economics": "Économie", "environmental_education": "Éducation à l'environnement",
            "european_studies": "Études européennes", "foreign_languages": "Langues étrangères",
            "geography": "Géographie", "history": "Histoire", "home_economics": "Économie familiale",
            "informatics_ict": "Informatique / TIC", "language_and_literature": "Langue et littérature",
            "mathematics": "Mathématiques", "media_education": "Éducation aux médias", "music": "Musique",
            "natural_sciences": "Sciences naturelles", "philosophy": "Philosophie",
            "physical_education": "Éducation physique", "physics": "Physique",
            "pre_school_education": "Éducation préscolaire", "primary_school_subjects": "Matières du primaire",
            "religion": "Religion", "social_studies": "Sciences sociales",
            "special_needs_education": "Éducation spécialisée", "technology": "Technologie",
            "vocational_subjects": "Matières professionnelles",
        },
        "age_groups": {"3-5": "3-5 ans", "6-11": "6-11 ans", "12-15": "12-15 ans", "16-19": "16-19 ans"},
        "ict_use": {"basic": "Débutant", "intermediate": "Intermédiaire", "advanced": "Avancé"},
        "education_levels": {
            "pre_primary": "Préélémentaire", "primary": "Primaire", "lower_secondary": "Secondaire inférieur",
            "upper_secondary": "Secondaire supérieur", "vocational": "Professionnel",
        },
        "key_competences": {
            "literacy": "Lecture et écriture", "multilingual": "Multilinguisme",
            "mathematics_science_technology_engineering": "Mathématiques, sciences, technologies et ingénierie",
            "digital": "Compétence numérique",
            "personal_social_learning_to_learn": "Compétences personnelles, sociales et d'apprentissage",
            "citizenship": "Citoyenneté", "entrepreneurship": "Entrepreneuriat",
            "cultural_awareness_expression": "Sensibilité et expression culturelles",
        },
    },
    "de": {
        "member_types": {
            "teacher": "Lehrkraft", "educational_advisor": "Pädagogische Beratung", "head_teacher": "Schulleitung",
            "librarian": "Bibliothekar/in", "other_staff": "Sonstiges Schulpersonal",
        },
        "subjects": {
            "art": "Kunst", "biology": "Biologie", "chemistry": "Chemie", "citizenship": "Politische Bildung",
            "computing": "Informatik", "cross_curricular": "Fächerübergreifend", "drama": "Darstellendes Spiel",
            "economics": "Wirtschaft", "environmental_education": "Umweltbildung",
            "european_studies": "Europastudien", "foreign_languages": "Fremdsprachen", "geography": "Geografie",
            "history": "Geschichte", "home_economics": "Hauswirtschaft", "informatics_ict": "Informatik / IKT",
            "language_and_literature": "Sprache und Literatur", "mathematics": "Mathematik",
            "media_education": "Medienbildung", "music": "Musik", "natural_sciences": "Naturwissenschaften",
            "philosophy": "Philosophie", "physical_education": "Sport", "physics": "Physik",
            "pre_school_education": "Vorschulerziehung", "primary_school_subjects": "Grundschulfächer",
            "religion": "Religion", "social_studies": "Sozialkunde", "special_needs_education": "Sonderpädagogik",
            "technology": "Technik", "vocational_subjects": "Berufsbildende Fächer",
        },
        "age_groups": {"3-5": "3-5 Jahre", "6-11": "6-11 Jahre", "12-15": "12-15 Jahre", "16-19": "16-19 Jahre"},
        "ict_use": {"basic": "Grundkenntnisse", "intermediate": "Fortgeschritten", "advanced": "Experte"},
        "education_levels": {
            "pre_primary": "Vorschule", "primary": "Primarstufe", "lower_secondary": "Sekundarstufe I",
            "upper_secondary": "Sekundarstufe II", "vocational": "Berufsbildung",
        },
        "key_competences": {
            "literacy": "Lese- und Schreibkompetenz", "multilingual": "Mehrsprachenkompetenz",
            "mathematics_science_technology_engineering": "Mathematik, Naturwissenschaften, Technik und Ingenieurwesen",
            "digital": "Digitale Kompetenz",
            "personal_social_learning_to_learn": "Persönliche, soziale und Lernkompetenz",
            "citizenship": "Bürgerkompetenz", "entrepreneurship": "Unternehmerische Kompetenz",
            "cultural_awareness_expression": "Kulturbewusstsein und kulturelle Ausdrucksfähigkeit",
        },
    },
    "es": {
        "member_types": {
            "teacher": "Docente", "educational_advisor": "Asesor(a) pedagógico(a)", "head_teacher": "Director(a)",
            "librarian": "Bibliotecario(a)", "other_staff": "Otro personal del centro",
        },
        "subjects": {
            "art": "Educación plástica", "biology": "Biología", "chemistry": "Química",
            "citizenship": "Educación para la ciudadanía", "computing": "Computación",
            "cross_curricular": "Interdisciplinar", "drama": "Teatro", "economics": "Economía",
            "environmental_education": "Educación ambiental", "european_studies": "Estudios europeos",
            "foreign_languages": "Lenguas extranjeras", "geography": "Geografía", "history": "Historia",
            "home_economics": "Economía doméstica", "informatics_ict": "Informática / TIC",
            "language_and_literature": "Lengua y literatura", "mathematics": "Matemáticas",
            "media_education": "Educación mediática", "music": "Música", "natural_sciences": "Ciencias naturales",
            "philosophy": "Filosofía", "physical_education": "Educación física", "physics": "Física",
            "pre_school_education": "Educación infantil", "primary_school_subjects": "Materias de primaria",
            "religion": "Religión", "social_studies": "Ciencias sociales",
            "special_needs_education": "Educación especial", "technology": "Tecnología",
            "vocational_subjects": "Materias de formación profesional",
        },
        "age_groups": {"3-5": "3-5 años", "6-11": "6-11 años", "12-15": "12-15 años", "16-19": "16-19 años"},
        "ict_use": {"basic": "Básico", "intermediate": "Intermedio", "advanced": "Avanzado"},
        "education_levels": {
            "pre_primary": "Educación infantil", "primary": "Primaria", "lower_secondary": "Secundaria obligatoria",
            "upper_secondary": "Bachillerato", "vocational": "Formación profesional",
        },
        "key_competences": {
            "literacy": "Competencia en lectoescritura", "multilingual": "Competencia plurilingüe",
            "mathematics_science_technology_engineering": "Matemáticas, ciencia, tecnología e ingeniería",
            "digital": "Competencia digital",
            "personal_social_learning_to_learn": "Competencia personal, social y de aprender a aprender",
            "citizenship": "Competencia ciudadana", "entrepreneurship": "Competencia emprendedora",
            "cultural_awareness_expression": "Conciencia y expresión culturales",
        },
    },
    "it": {
        "member_types": {
            "teacher": "Docente", "educational_advisor": "Consulente pedagogico", "head_teacher": "Dirigente scolastico",
            "librarian": "Bibliotecario", "other_staff": "Altro personale scolastico",
        },
        "subjects": {
            "art": "Arte", "biology": "Biologia", "chemistry": "Chimica", "citizenship": "Educazione civica",
            "computing": "Informatica", "cross_curricular": "Interdisciplinare", "drama": "Teatro",
            "economics": "Economia", "environmental_education": "Educazione ambientale",
            "european_studies": "Studi europei", "foreign_languages": "Lingue straniere", "geography": "Geografia",
            "history": "Storia", "home_economics": "Economia domestica", "informatics_ict": "Informatica / TIC",
            "language_and_literature": "Lingua e letteratura", "mathematics": "Matematica",
            "media_education": "Educazione ai media", "music": "Musica", "natural_sciences": "Scienze naturali",
            "philosophy": "Filosofia", "physical_education": "Educazione fisica", "physics": "Fisica",
            "pre_school_education": "Scuola dell'infanzia", "primary_school_subjects": "Materie della primaria",
            "religion": "Religione", "social_studies": "Scienze sociali",
            "special_needs_education": "Educazione speciale", "technology": "Tecnologia",
            "vocational_subjects": "Materie professionali",
        },
        "age_groups": {"3-5": "3-5 anni", "6-11": "6-11 anni", "12-15": "12-15 anni", "16-19": "16-19 anni"},
        "ict_use": {"basic": "Base", "intermediate": "Intermedio", "advanced": "Avanzato"},
        "education_levels": {
            "pre_primary": "Scuola dell'infanzia", "primary": "Primaria", "lower_secondary": "Secondaria di primo grado",
            "upper_secondary": "Secondaria di secondo grado", "vocational": "Istruzione professionale",
        },
        "key_competences": {
            "literacy": "Competenza alfabetica funzionale", "multilingual": "Competenza multilinguistica",
            "mathematics_science_technology_engineering": "Matematica, scienze, tecnologie e ingegneria",
            "digital": "Competenza digitale",
            "personal_social_learning_to_learn": "Competenza personale, sociale e di imparare a imparare",
            "citizenship": "Competenza in materia di cittadinanza", "entrepreneurship": "Competenza imprenditoriale",
            "cultural_awareness_expression": "Consapevolezza ed espressione culturali",
        },
    },
}


def label(vocabulary, code, lang):
    return TRANSLATED.get(lang, ENGLISH)[vocabulary].get(code) or ENGLISH[vocabulary].get(code, code)
