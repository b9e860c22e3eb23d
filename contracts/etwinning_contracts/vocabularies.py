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

# ISO 3166-1 alpha-2 codes (and XK, Kosovo's code in common use): a country filter or field
# naming another two letters is a typo to refuse, not a country with no one in it.
COUNTRY_CODES = (
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ", "BA", "BB",
    "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS", "BT", "BV", "BW", "BY",
    "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN", "CO", "CR", "CU", "CV", "CW", "CX",
    "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE", "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK",
    "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS",
    "GT", "GU", "GW", "GY", "HK", "HM", "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR",
    "IS", "IT", "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA",
    "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA", "NC", "NE",
    "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM",
    "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW", "SA", "SB", "SC", "SD", "SE", "SG",
    "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS", "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF",
    "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY",
    "UZ", "VA", "VC", "VE", "VG", "VI", "VN", "VU", "WF", "WS", "XK", "YE", "YT", "ZA", "ZM", "ZW",
)
