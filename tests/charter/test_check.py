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


# ---- rumours: hearsay about the company blocks, about anything else it warns ---------------

@pytest.mark.parametrize("draft, marker", [
    ("Info de couloir : la direction voudrait regrouper les équipes.", "Info de couloir"),
    ("Infos de couloir : nos boutiques de gare passeraient en franchise.", "Infos de couloir"),
    ("Selon mes sources, notre PDG partirait avant l'été.", "Selon mes sources"),
    ("J'ai entendu dire que les primes seraient supprimées chez Lemoine.", "J'ai entendu dire"),
    ("Petit bruit qui court au siège : le directeur s'en va.", "Petit bruit qui court"),
    ("Il paraît que la boutique de Rennes change de gérant.", "Il paraît que"),
    ("It's rumoured that our kitchen moves to night shifts.", "It's rumoured"),
    ("Word is the regional manager is being replaced.", "Word is"),
    ("Apparemment notre boutique de Lille ferme.", "Apparemment"),
])
def test_hearsay_about_the_company_blocks(checker, draft, marker):
    result = checker.check(draft)
    rumours = [f for f in result.findings if f.category == "rumour"]
    assert [(f.severity, f.evidence) for f in rumours] == [("block", marker)]
    assert draft[rumours[0].start:rumours[0].end] == marker


def test_hearsay_about_anything_else_warns_and_a_hedge_is_only_noted(checker):
    assert spans(checker.check("Il paraît que le marathon passe devant chez moi dimanche")) == [
        ("rumour", "warn", "Il paraît que")]
    assert spans(checker.check("Apparemment il va neiger ce week-end")) == [("rumour", "info", "Apparemment")]
    assert checker.check("Apparemment il va neiger ce week-end").categories() == set()


def test_the_brand_named_far_away_still_makes_hearsay_about_the_company(checker):
    draft = "Il paraît que ça va bouger. " + "Bonne journée à tous. " * 20 + "#Lemoine"
    assert [f.severity for f in checker.check(draft).findings if f.category == "rumour"] == ["block"]


# ---- undisclosed promotion: new phrasings of praise, new ways of saying "I work there" ----

@pytest.mark.parametrize("draft", [
    "Craquez pour la nouvelle brioche de chez Lemoine, elle est dingue !",
    "Les coffrets de Noël Lemoine sont géniaux et pas chers.",
    "Franchement, les croissants Lemoine sont délicieux, à essayer absolument.",
    "Highly recommend Maison Lemoine for your office breakfast.",
])
def test_praise_of_the_brand_without_disclosure_blocks(checker, draft):
    result = checker.check(draft)
    assert [f.severity for f in result.findings if f.category == "disclosure"] == ["block"]


@pytest.mark.parametrize("draft", [
    "Boulangère chez Maison Lemoine depuis 5 ans, je vous conseille notre nouvelle brioche : délicieuse !",
    "En tant que vendeuse chez Lemoine, je vous le dis : elles sont excellentes.",
    "Chez Lemoine, on a mis trois mois à mettre au point cette galette, venez la goûter !",
    "As a baker at Maison Lemoine I may be biased, but it is amazing.",
    "Le pain Lemoine ? J'y travaille et il est délicieux.",
])
def test_praise_with_disclosure_in_new_words_is_fine(checker, draft):
    assert [f for f in checker.check(draft).findings if f.category == "disclosure"] == []


# ---- insults and contempt in their inflected forms ------------------------------------------

@pytest.mark.parametrize("draft, severity", [
    ("Les clientes de ce matin étaient de vraies connes.", "block"),
    ("Client du jour : un gros con.", "block"),
    ("Une bande d'incompétentes au service compta.", "warn"),
    ("Elles sont nulles.", "warn"),
])
def test_insults_and_contempt_are_read_in_every_gender_and_number(checker, draft, severity):
    respect = [f for f in checker.check(draft).findings if f.category == "respect"]
    assert respect and max(f.severity == "block" for f in respect) == (severity == "block")


def test_con_inside_words_or_as_a_foreign_word_is_not_an_insult(checker):
    assert checker.check("Un flacon, un contrat, un cappuccino con leche").findings == ()


# ---- personal data checked by phonenumbers and python-stdnum --------------------------------

@pytest.mark.parametrize("number", ["020 7123 4567", "030 12345678", "044 668 18 00", "+32 470 12 34 56",
                                    "0033 6 12 98 45 37", "06.45.12.78.90", "617-555-0134"])
def test_national_and_international_phone_numbers_of_several_countries(checker, number):
    result = checker.check(f"Appelle Karim au {number} ce soir")
    assert [(f.category, f.evidence) for f in result.findings] == [("personal-data", number)]


@pytest.mark.parametrize("text", ["Le 12/03/2024 à 14h30", "1 250 000 croissants vendus", "prix 12 345 678 euros",
                                  "le taux est de 0.123456789", "le 2026-12-01", "3,500 mince pies"])
def test_decimals_dates_counts_and_prices_are_not_phones(checker, text):
    assert checker.check(text).findings == ()


def test_iban_country_format_is_checked_not_only_mod_97(checker):
    # mod 97 holds, but a French IBAN has 27 characters: python-stdnum rejects this one.
    assert checker.check("RIB FR1330006000011234567890 18").findings == ()
    assert checker.check("RIB DE89 3704 0044 0532 0130 00").categories() == {"personal-data"}


def test_us_ssn_outside_the_valid_ranges_is_not_reported(checker):
    # The Woolworth wallet number, never issued (it may still read as a phone number).
    assert "id-number" not in {f.check for f in checker.check("SSN 078-05-1120").findings}
    assert {f.check for f in checker.check("SSN 123-45-6789").findings} == {"id-number"}
