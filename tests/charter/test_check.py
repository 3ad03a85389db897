"""The checker: what each rule finds, where, and what it leaves alone."""

from __future__ import annotations

import pytest

from ambassade.errors import InputError
from charter import Checker


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(brand_name="Maison Lemoine", brand_terms=["Lemoine", "@maisonlemoine"],
                   confidential_terms=["Projet Brioche"])


def spans(result):
    return [(f.category, f.severity, result.text[f.start:f.end]) for f in result.findings]


def test_every_finding_points_at_its_evidence_in_the_text_as_given(checker):
    text = "ÉCRIVEZ à JULIE.MARTIN@gmail.com — il paraît qu'elle part 🎉 #ProjetBrioche"
    result = checker.check(text)
    assert {f.category for f in result.findings} == {"personal-data", "rumour", "confidentiality"}
    for f in result.findings:
        assert text[f.start:f.end] == f.evidence


def test_accents_and_case_do_not_hide_a_hearsay_marker(checker):
    # Hearsay about the company (its shop) blocks: from an employee it reads as inside news.
    assert spans(checker.check("IL PARAIT QUE la boutique ferme")) == [("rumour", "block", "IL PARAIT QUE")]


def test_elision_qu_apostrophe_matches_que(checker):
    assert spans(checker.check("On dit qu’il démissionne")) == [("rumour", "block", "On dit qu’")]


def test_hashtag_and_dashes_still_name_a_code_name(checker):
    for text, evidence in [("Vivement le #ProjetBrioche", "ProjetBrioche"),
                           ("projet-brioche en mars", "projet-brioche")]:
        assert spans(checker.check(text)) == [("confidentiality", "block", evidence)]


def test_lookalike_letters_from_other_scripts_do_not_hide_a_code_name(checker):
    text = "Le Prоjet Briосhe arrive"  # Cyrillic о and с
    assert spans(checker.check(text)) == [("confidentiality", "block", "Prоjet Briосhe")]


def test_invisible_characters_do_not_split_an_insult(checker):
    assert spans(checker.check("quel con\u200bnard"))[0][:2] == ("respect", "block")


def test_a_word_inside_another_word_is_not_matched(checker):
    # "pse", "opa" and "ipo" are terms of the legal clause; here they sit inside other words.
    assert checker.check("L'éclipse vue depuis Europa, avec un hippopotame").findings == ()
    assert checker.check("La Mongolie en hiver, quel voyage").findings == ()


def test_role_mailbox_is_not_personal_data_but_a_person_is(checker):
    result = checker.check("CV à recrutement@maison-lemoine.fr ou à paul.durand@yahoo.fr")
    assert spans(result) == [("personal-data", "block", "paul.durand@yahoo.fr")]


def test_iban_needs_a_valid_checksum(checker):
    assert spans(checker.check("IBAN FR76 3000 6000 0112 3456 7890 189"))[0][:2] == ("personal-data", "block")
    assert checker.check("réf FR76 3000 6000 0112 3456 7890 188").findings == ()


def test_card_number_needs_luhn_and_french_social_security_needs_its_key(checker):
    assert checker.check("carte 4539 1488 0343 6467").categories() == {"personal-data"}
    assert checker.check("carte 4539 1488 0343 6468").findings == ()
    assert checker.check("sécu 2 84 12 76 451 089 93").categories() == {"personal-data"}


def test_phone_numbers_french_and_international(checker):
    for number in ["06 12 34 56 78", "+33 6 12 34 56 78", "0612345678", "+44 7700 900123", "(555) 123-4567"]:
        assert checker.check(f"Appelle Karim au {number} ce soir").categories() == {"personal-data"}, number


def test_dates_prices_and_years_are_not_phones(checker):
    for text in ["En 2024 nous avons vendu 1 000 000 croissants", "Ouvert le 06/12/2024 de 7h à 19h",
                 "Le pain à 1,20 € depuis 2019", "Commande n° 2024-118"]:
        assert checker.check(text).findings == (), text


def test_a_home_address_blocks_and_a_shop_address_passes(checker):
    home = checker.check("Le client qui a râlé habite au 12 rue des Lilas, 75011 Paris")
    assert spans(home)[0][:2] == ("personal-data", "block")
    shop = checker.check("Notre boutique ouvre au 8 rue Crébillon à Nantes (je travaille chez Lemoine)")
    assert shop.findings == ()


def test_brand_praise_without_disclosure_blocks(checker):
    result = checker.check("Maison Lemoine, la meilleure boulangerie de France !")
    assert spans(result) == [("disclosure", "block", "Maison Lemoine")]
    assert not result.ok


@pytest.mark.parametrize("disclosure", ["je travaille chez eux", "#TeamLemoine", "I work at Lemoine",
                                        "salariée de l'entreprise", "fier de mon équipe", "employee of the month"])
def test_brand_praise_with_disclosure_is_fine(checker, disclosure):
    assert checker.check(f"Maison Lemoine, la meilleure boulangerie ! {disclosure}").findings == ()


def test_neutral_brand_mention_is_not_promotion(checker):
    assert checker.check("Réunion d'équipe chez Lemoine ce matin à 9h.").findings == ()


def test_without_brand_the_checker_works_and_says_what_is_off():
    bare = Checker()
    result = bare.check("Maison Lemoine, la meilleure ! Projet Brioche")
    assert result.findings == ()
    assert any("marque" in note for note in result.notes)


def test_blocking_finding_makes_ok_false_and_warnings_do_not(checker):
    assert checker.check("Ta gueule").ok is False
    assert checker.check("Rumor has it").ok is True


def test_coaching_follows_the_requested_language(checker):
    fr = checker.check("I heard that it closes", lang="fr").findings[0]
    en = checker.check("I heard that it closes", lang="en").findings[0]
    assert "interne" in fr.coaching and "inside" in en.coaching


def test_language_is_guessed_when_not_given(checker):
    assert checker.check("I heard that the shop is closing").lang == "en"
    assert checker.check("Il paraît que la boutique ferme").lang == "fr"


def test_very_negative_sentiment_turns_a_respect_warning_into_a_block():
    angry = Checker(sentiment=lambda text: -0.9)
    calm = Checker(sentiment=lambda text: 0.1)
    assert angry.check("Franchement c'est lamentable").findings[0].severity == "block"
    assert calm.check("Franchement c'est lamentable").findings[0].severity == "warn"


def test_a_failing_sentiment_scorer_does_not_stop_the_check():
    def broken(text: str) -> float:
        raise RuntimeError("model missing")

    assert Checker(sentiment=broken).check("c'est lamentable").findings[0].severity == "warn"


@pytest.mark.parametrize("text", [
    "",
    " \n\t ",
    "<script>alert('x')</script><b>Il paraît que</b>",
    "=HYPERLINK(\"http://evil\",\"clic\") +33 6 12 34 56 78",
    "\x00\x01\x02 il paraît que \x1b[2J\x7f\x9b",
    "Привет мир 你好 مرحبا il paraît que שלום 🎉🥐👩‍👩‍👧",
    "\ud800 lone surrogate",
    "a" * 100_000,
    "0" * 100_000,
    "+" + "0 " * 50_000,
    "1 rue " * 20_000,
    "@" * 100_000,
])
def test_hostile_input_gets_an_answer_never_an_exception(checker, text):
    result = checker.check(text)
    assert result.ok in (True, False)
    for f in result.findings:
        assert 0 <= f.start < f.end <= len(text)


def test_markup_is_checked_as_text(checker):
    result = checker.check("<p>Il paraît que <b>Projet Brioche</b></p>")
    assert result.categories() == {"rumour", "confidentiality"}


def test_over_long_draft_and_unknown_language_are_input_errors(checker):
    with pytest.raises(InputError, match="too long"):
        checker.check("x" * 200_001)
    with pytest.raises(InputError, match="unknown language"):
        checker.check("bonjour", lang="de")
    with pytest.raises(InputError):
        checker.check(None)  # type: ignore[arg-type]


def test_brand_inside_an_email_or_a_link_is_not_a_mention(checker):
    assert checker.check("Code promo en panne ? Écrivez à contact@maison-lemoine.fr").findings == ()
    assert checker.check("Super promo sur https://www.maison-lemoine.fr/promo").findings == ()
    assert checker.check("Super promo chez Lemoine : https://lemoine.fr").categories() == {"disclosure"}


def test_a_homonym_excluded_from_the_brand_is_not_a_mention():
    checker = Checker(brand_name="Lemoine", brand_exclude=["Lemoine Immobilier"])
    assert checker.check("Lemoine Immobilier, la meilleure agence !").findings == ()
    assert checker.check("Lemoine, la meilleure boulangerie !").categories() == {"disclosure"}
