from services.notification.domain.sms import SmsPart, fit, is_gsm7, measure


def test_latin_text_is_gsm7_with_160_characters_in_one_segment():
    assert measure("a" * 160).segments == 1
    assert measure("a" * 160).encoding == "gsm7"
    assert measure("a" * 161).segments == 2
    assert measure("a" * 306).segments == 2
    assert measure("a" * 307).segments == 3


def test_extension_characters_take_two_septets():
    assert measure("€" * 80).units == 160
    assert measure("€" * 80).segments == 1
    assert measure("[" * 81).segments == 2


def test_cyrillic_makes_the_message_ucs2_with_70_then_67_per_segment():
    assert measure("я" * 70) == measure("я" * 70)
    assert measure("я" * 70).encoding == "ucs2"
    assert measure("я" * 70).segments == 1
    assert measure("я" * 71).segments == 2
    assert measure("я" * 134).segments == 2
    assert measure("я" * 135).segments == 3


def test_one_kazakh_letter_turns_a_latin_message_into_ucs2():
    assert not is_gsm7("Kezek ә")
    assert measure("a" * 69 + "ә").segments == 1
    assert measure("a" * 70 + "ә").segments == 2


def test_an_en_dash_or_typographic_quote_is_not_gsm7():
    assert not is_gsm7("01.03–15.03")
    assert not is_gsm7("don’t")
    assert is_gsm7("01.03-15.03 don't")


def test_a_message_that_fits_is_sent_whole():
    parts = [SmsPart("Head."), SmsPart("Detail.", optional=True), SmsPart("Link")]
    fitted = fit(parts, "fallback")
    assert fitted.text == "Head. Detail. Link"
    assert not fitted.shortened


def test_optional_parts_are_dropped_from_the_last_one_back():
    head = SmsPart("Код 75-AB12CD-7 в очереди.")
    first = SmsPart("Место 12 из 340.", optional=True)
    second = SmsPart("Ожидается " + "очень долго " * 6, optional=True)
    link = SmsPart("Статус: https://kezek.test/status")
    fitted = fit([head, first, second, link], "fallback")
    assert fitted.text == f"{head.text} {first.text} {link.text}"
    assert fitted.shortened
    assert fitted.length.segments <= 2


def test_words_are_never_cut_only_whole_parts_dropped():
    words = " ".join(f"слово{i}" for i in range(40))
    parts = [SmsPart("Код 75-X."), SmsPart(words, optional=True), SmsPart("link")]
    fitted = fit(parts, "fallback")
    assert fitted.text == "Код 75-X. link"
    assert all(word in words.split() for word in fitted.text.split()[2:-1])


def test_required_parts_too_long_fall_back_to_code_and_link():
    parts = [SmsPart("ж" * 200), SmsPart("https://kezek.test/status")]
    fitted = fit(parts, "75-AB12CD-7: https://kezek.test/status")
    assert fitted.text == "75-AB12CD-7: https://kezek.test/status"
    assert fitted.shortened
