"""The plugin API's language helpers: BCP 47 tags and choosing a template's language."""

from __future__ import annotations

import pytest

from tuition.plugin_api import locale_language, normalise_locale, pick_language


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("de", "de"),
        ("FR-fr", "fr-FR"),
        ("pt_br", "pt-BR"),
        ("zh-hant-tw", "zh-Hant-TW"),
        ("es-419", "es-419"),
        ("sl-rozaj-biske", "sl-rozaj-biske"),
        ("de-DE-u-co-phonebk", "de-DE-u-co-phonebk"),
        ("en-US-x-twain", "en-US-x-twain"),
        (" it ", "it"),
    ],
)
def test_well_formed_tags_get_their_canonical_case(given: str, expected: str) -> None:
    assert normalise_locale(given) == expected


@pytest.mark.parametrize(
    "given", ["", "d", "deutsch-DE-", "de--DE", "12", "de-DE-", "x-private", "de DE", "a" * 36]
)
def test_what_is_not_a_tag_is_refused(given: str) -> None:
    with pytest.raises(ValueError, match="BCP 47"):
        normalise_locale(given)


def test_the_primary_language() -> None:
    assert locale_language("fr-FR") == "fr"
    assert locale_language("DE") == "de"


def test_pick_language_looks_up_the_first_preference_that_has_a_template() -> None:
    available = ("en", "de", "fr")
    assert pick_language(available, "fr-FR", "de") == "fr"
    assert pick_language(available, "it", "de") == "de"
    assert pick_language(available, None, None) == "en"
    assert pick_language(available, "it", default="de") == "de"
    assert pick_language(("en", "pt-BR", "pt"), "pt-br") == "pt-BR"
    assert pick_language(("en", "pt"), "pt-BR-x-a") == "pt"
    assert pick_language(("en", "zh-Hant"), "zh-Hant-TW") == "zh-Hant"
