"""The slip the doctor prints for the patient: the code with its check
character, the status page's address and a QR code to it; nothing that
names the patient or the illness."""

from __future__ import annotations

from urllib.parse import unquote

from services.console.entrypoints.slip import qr_image


async def test_the_slip_has_the_code_and_the_status_page_and_no_patient_data(
    console, signed_in
):
    await signed_in()
    answer = await console.get("/referrals/r-1/slip?lang=en")
    slip = await answer.text()
    assert answer.status == 200 and answer.headers["Cache-Control"] == "no-store"
    assert '<span>75-7K3M-Q9TX-</span><span class="check-character"' in slip
    assert "http://127.0.0.1:8082/" in slip
    assert 'src="data:image/svg+xml' in slip
    for private in (
        "880315400128",
        "0128",
        "Айгерим",
        "F32.1",
        "depressive",
        "psychiatry",
        "KZ-75-M01",
    ):
        assert private not in slip


async def test_another_facilitys_slip_is_not_found(console, signed_in):
    await signed_in()
    assert (await console.get("/referrals/unknown/slip")).status == 404


def test_the_qr_code_is_an_svg_image():
    image = unquote(qr_image("http://127.0.0.1:8082/"))
    assert (
        image.startswith("data:image/svg+xml") and "<svg" in image and "<path" in image
    )


async def test_the_slip_is_in_the_patients_language_unless_asked_otherwise(
    console, signed_in, apis
):
    apis.referrals_held["r-1"]["patient"]["language"] = "kk"
    await signed_in()
    slip = await (await console.get("/referrals/r-1/slip")).text()
    assert '<html lang="kk">' in slip and "Сіздің емдеуге жатқызу кодыңыз" in slip
    asked = await (await console.get("/referrals/r-1/slip?lang=ru")).text()
    assert '<html lang="ru">' in asked
