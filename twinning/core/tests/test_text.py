import pytest

from twinning.core.text import fold, matches


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Århus", "arhus"),
        ("Göteborg", "goteborg"),
        ("ÅBO", "abo"),
        ("Julianehåb", "julianehab"),
        ("København", "kobenhavn"),
        ("Ærø", "aero"),
        ("Straße", "strasse"),
        ("Łódź", "lodz"),
        ("Đakovo", "dakovo"),
        ("Þórshöfn", "thorshofn"),
        ("Reykjavík, Garðabær", "reykjavik, gardabaer"),
        ("Œuvre", "oeuvre"),
        ("Besançon", "besancon"),
        ("İstanbul", "istanbul"),
    ],
)
def test_text_folds_to_lower_case_without_diacritics(text, folded):
    assert fold(text) == folded


def test_folding_collapses_whitespace():
    assert fold("  City of\tTshwane \n") == "city of tshwane"


def test_folding_keeps_other_scripts_only_lower_cased():
    assert fold("Санкт-Петербург") == "санкт-петербург"
    assert fold("哈尔滨") == "哈尔滨"


def test_folding_spells_out_compatibility_characters():
    assert fold("ﬁnal №5") == "final no5"


def test_a_query_without_diacritics_matches_text_with_them():
    assert matches("goteborg", "Göteborg")
    assert matches("julianehab", "Julianehåb")


def test_a_query_with_diacritics_matches_text_without_them():
    assert matches("Århus", "Aarhus")
    assert matches("ÅBO", "Åbo")


def test_a_query_word_may_lie_inside_a_word_of_the_text():
    assert matches("arhus", "Aarhus")
    assert matches("water", "wastewater management")


def test_every_word_of_the_query_must_occur():
    assert matches("water tema", "Water in Tema")
    assert not matches("water accra", "Water in Tema")


def test_the_words_may_occur_in_different_texts():
    assert matches("tshwane pretoria", "City of Tshwane", "Pretoria")


def test_missing_texts_are_skipped():
    assert matches("bergen", None, "", "Bergen")
    assert not matches("bergen", None, "")


def test_words_do_not_match_across_the_texts_they_come_from():
    assert not matches("ab", "Xa", "By")


def test_a_query_without_words_matches_nothing():
    assert not matches("", "Aarhus")
    assert not matches("   \t", "Aarhus")
