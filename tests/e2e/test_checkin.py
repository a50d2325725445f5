"""The check-in desk in Chromium: a keyboard-wedge scanner types the code and Enter."""

from __future__ import annotations

import pytest

from tests.conftest import TEST_PASSWORD
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e


def test_scanner_types_code_and_enter(live_server, page, world):
    sign_in(page, live_server.url, "staff@example.org", TEST_PASSWORD)
    page.goto(f"{live_server.url}/desk/checkin")
    code = page.locator("#scan-code")
    assert code.evaluate("el => el === document.activeElement")  # ready for the scanner
    admitted = int(page.locator("#count-admitted").inner_text())

    page.keyboard.type(world.pa1.badge_secret, delay=5)
    page.keyboard.press("Enter")
    result = page.locator("#scan-result .scan-result")
    result.wait_for()
    assert result.get_attribute("data-state") == "green"
    assert "ERDENE" in result.inner_text()
    assert page.url.endswith("/desk/checkin")  # answered in place, no page load
    # The field is empty and focused again for the next badge.
    assert code.input_value() == ""
    assert code.evaluate("el => el === document.activeElement")
    assert int(page.locator("#count-admitted").inner_text()) == admitted + 1

    page.keyboard.type(world.pa1.badge_secret, delay=5)
    page.keyboard.press("Enter")
    page.locator('#scan-result .scan-result[data-state="amber"]').wait_for()

    page.keyboard.type("not-a-badge", delay=5)
    page.keyboard.press("Enter")
    page.locator('#scan-result .scan-result[data-state="red"]').wait_for()
    assert "Unknown badge" in page.locator("#scan-result").inner_text()


def _fake_camera_file(path, secret: str) -> None:
    """A Y4M video whose frames show the secret's QR code, for Chromium's fake camera."""
    import io

    import segno
    from PIL import Image

    buf = io.BytesIO()
    segno.make(secret, error="m").save(buf, kind="png", scale=8, border=4)
    buf.seek(0)
    code = Image.open(buf).convert("L")
    width, height = 640, 480
    frame = Image.new("L", (width, height), 255)
    frame.paste(code, ((width - code.width) // 2, (height - code.height) // 2))
    chroma = bytes([128]) * (width // 2 * height // 2)
    with open(path, "wb") as f:
        f.write(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(10):
            f.write(b"FRAME\n" + frame.tobytes() + chroma + chroma)


def test_camera_reads_a_badge(live_server, browser, world, tmp_path):
    """The camera path: BarcodeDetector where the browser has it, else the vendored jsQR
    reading frames (Chromium on Linux has no BarcodeDetector, so this exercises jsQR)."""
    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

    video = tmp_path / "badge.y4m"
    _fake_camera_file(video, world.pa1.badge_secret)
    camera_browser = browser.browser_type.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    try:
        context = camera_browser.new_context(permissions=["camera"])
        context.set_default_timeout(15_000)
        page = context.new_page()
        sign_in(page, live_server.url, "staff@example.org", TEST_PASSWORD)
        page.goto(f"{live_server.url}/desk/checkin")
        page.get_by_role("button", name="Use camera").click()
        result = page.locator("#scan-result .scan-result")
        result.wait_for()
        assert result.get_attribute("data-state") == "green"
        assert "ERDENE" in result.inner_text()
        page.get_by_role("button", name="Stop camera").click()
        assert page.locator("#camera-box").is_hidden()
    finally:
        camera_browser.close()
