"""Controlled vocabularies: stored as codes everywhere, shown in the viewer's language (R11)."""

MEMBER_TYPES = ("teacher", "educational_advisor", "head_teacher", "librarian", "other_staff")
# ISO 639-1 codes of the languages teachers teach and work in across participating countries.
LANGUAGES = (
    "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr", "hu", "it", "lt", "lv",
    "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv", "is", "no", "mk", "sr", "tr", "sq", "bs", "hy",
    "az", "ka", "ro", "uk", "ar", "ru", "ca", "eu", "gl", "lb", "cy", "he",
)
LANGUAGES = tuple(dict.fromkeys(LANGUAGES))
SUBJECTS = (
    "art", "biology", "chemistry", "citizenship", "computing", "cross_curricular", "drama",
    "economics", "environmental_education", "european_studies", "foreign_languages", "geography",
    "history", "home_economics", "informatics_ict", "language_and_literature", "mathematics",
    "media_education", "music", "natural_sciences", "philosophy", "physical_education", "physics",
    "pre_school_education", "primary_school_subjects", "religion", "social_studies",
    "special_needs_education", "technology", "vocational_subjects",
)
AGE_GROUPS = ("3-5", "6-11", "12-15", "16-19")
ICT_USE = ("basic", "intermediate", "advanced")
EDUCATION_LEVELS = ("pre_primary", "primary", "lower_secondary", "upper_secondary", "vocational")
# The eight EU key competences for lifelong learning (Council Recommendation of 22 May 2018).
KEY_COMPETENCES = ("literacy", "multilingual", "mathematics_science_technology_engineering", "digital",
                   "personal_social_learning_to_learn", "citizenship", "entrepreneurship",
                   "cultural_awareness_expression")
BLOCK_REASONS = ("administrative", "technical", "policy")
CONFIRMATION_CHANNELS = ("email", "phone", "letter", "in_person", "other")
