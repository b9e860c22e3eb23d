"""Seed reference data: participating countries (ISO 3166-1) and their NSOs (R46-R47, A49).

Loaded by the first migration; afterwards central staff maintain it through the API.
"""
EU = ("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT",
      "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE")
OTHER_PROGRAMME = ("IS", "LI", "NO", "MK", "RS", "TR")
ETWINNING_PLUS = ("AM", "AZ", "GE", "MD", "TN", "UA")
FORMER = ("GB",)  # listed in older material, no longer participating

SPAIN_REGIONS = [
    {"code": "AN", "name": "Andalucía"}, {"code": "AR", "name": "Aragón"}, {"code": "AS", "name": "Asturias"},
    {"code": "IB", "name": "Illes Balears"}, {"code": "CN", "name": "Canarias"}, {"code": "CB", "name": "Cantabria"},
    {"code": "CL", "name": "Castilla y León"}, {"code": "CM", "name": "Castilla-La Mancha"},
    {"code": "CT", "name": "Catalunya"}, {"code": "VC", "name": "Comunitat Valenciana"},
    {"code": "EX", "name": "Extremadura"}, {"code": "GA", "name": "Galicia"}, {"code": "MD", "name": "Madrid"},
    {"code": "MC", "name": "Murcia"}, {"code": "NC", "name": "Navarra"}, {"code": "PV", "name": "País Vasco"},
    {"code": "RI", "name": "La Rioja"}, {"code": "CE", "name": "Ceuta"}, {"code": "ML", "name": "Melilla"},
]


def countries():
    rows = [{"code": c, "participating": True, "etwinning_plus": False} for c in EU + OTHER_PROGRAMME]
    rows += [{"code": c, "participating": True, "etwinning_plus": True} for c in ETWINNING_PLUS]
    rows += [{"code": c, "participating": False, "etwinning_plus": False} for c in FORMER]
    return rows


def nsos():
    from babel import Locale

    english = Locale("en").territories
    return [{
        "country": c,
        "name": f"eTwinning National Support Organisation {english[c]}",
        "email": f"nso-{c.lower()}@support.etwinning.invalid",
        "phone": None,
        "website": None,
        "regions": SPAIN_REGIONS if c == "ES" else [],
    } for c in EU + OTHER_PROGRAMME + ETWINNING_PLUS]
