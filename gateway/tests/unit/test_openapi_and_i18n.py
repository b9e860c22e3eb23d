import json

from gateway import i18n
from gateway.api import ROUTES
from gateway.service import OPENAPI


def test_every_route_is_documented_with_its_errors():
    for route in ROUTES:
        operation = OPENAPI["paths"][route.openapi_path][route.method.lower()]
        assert str(route.status) in operation["responses"]
        assert "504" in operation["responses"] and "503" in operation["responses"]
        if route.body is not None:
            assert "422" in operation["responses"] and "400" in operation["responses"]
        if route.auth == "required":
            assert operation["security"] == [{"bearer": []}] and "401" in operation["responses"]


def test_a_nested_object_that_may_be_null_admits_that_object_or_null_only():
    new_school = OPENAPI["components"]["schemas"]["JoinSchoolArgs"]["properties"]["new_school"]
    assert new_school["anyOf"] == [{"$ref": "#/components/schemas/NewSchoolArgs"}, {"enum": [None], "nullable": True}]
    assert '"type": "object", "nullable": true}' not in json.dumps(OPENAPI)


def test_language_choice_and_localised_names():
    assert i18n.pick_language(None, "de-AT,de;q=0.9,en;q=0.5") == "de"
    assert i18n.pick_language("pl", "de") == "pl"
    assert i18n.pick_language(None, "xx, *") == "en"
    assert i18n.country_name("DE", "fr") == "Allemagne"
    assert i18n.country_name("ES", "es") == "España"


def test_every_vocabulary_is_labelled_in_the_viewers_language():
    from gateway.labels import ENGLISH, TRANSLATED

    french = i18n.vocabularies("fr")
    assert {e["code"]: e["label"] for e in french["subjects"]}["history"] == "Histoire"
    assert {e["code"]: e["label"] for e in french["key_competences"]}["digital"] == "Compétence numérique"
    assert {e["code"]: e["label"] for e in i18n.vocabularies("pl")["subjects"]}["history"] == "History"  # no labels yet
    for name, codes in i18n.LABELLED.items():  # every code has its label in every language that has labels
        assert set(ENGLISH[name]) == set(codes), name
        for lang, labels in TRANSLATED.items():
            assert set(labels[name]) == set(codes), (lang, name)
