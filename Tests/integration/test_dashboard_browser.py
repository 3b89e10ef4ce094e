"""The dashboard in a real browser: Debian's headless Chromium, driven by selenium through
Debian's chromedriver (nothing downloaded), opens the dashboard of a running simulated station
booted against the project's CSMS, and does what a developer does there: plug connector 1, enter
a tag, swipe, watch it charge and the energy grow, find StartTransaction (with its answer) in the
live OCPP log, see an installed charging profile and its composite schedule, and cut the network.
A screenshot is kept under .build/artifacts/ (its path is printed)."""

from __future__ import annotations

import shutil

import pytest
from conftest import ROOT, TAG, WAIT, wait_until
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

ARTIFACTS = ROOT / ".build" / "artifacts"


@pytest.fixture
def browser():
    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    if not chromium or not driver_path:
        pytest.fail("chromium and chromium-driver (Debian packages) are missing: run scripts/bootstrap")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1440,1400", "--lang=en"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    yield driver
    driver.quit()


def text(driver, selector: str) -> str:
    """The element's text; the page re-renders its tables on every poll, so an element found just
    before a re-render is looked up again instead of failing the test."""
    for _ in range(10):
        try:
            return driver.find_element(By.CSS_SELECTOR, selector).text
        except StaleElementReferenceException:
            continue
    return driver.find_element(By.CSS_SELECTOR, selector).text


def screenshot(driver, name: str) -> str:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    driver.save_screenshot(str(path))
    print(f"screenshot: {path}")
    return str(path)


def test_a_session_driven_from_the_dashboard(station, csms, browser):
    browser.get(f"http://127.0.0.1:{station.control_port}/")
    wait_until(lambda: text(browser, "#registration") == "Accepted" and text(browser, "#connection") == "connected", what="the header showing Accepted and connected")
    assert text(browser, "#cpid") == station.station_id
    wait_until(lambda: browser.find_elements(By.CSS_SELECTOR, "#connector-2 .status"), what="both connector cards")

    # Plug, enter the tag, swipe: Charging, and the energy figure grows.
    browser.find_element(By.CSS_SELECTOR, "#connector-1 button[data-act=plug]").click()
    wait_until(lambda: text(browser, "#connector-1 .status") == "Preparing", what="connector 1 Preparing on the page")
    tag = browser.find_element(By.ID, "tag-1")
    tag.clear()
    tag.send_keys(TAG)
    browser.find_element(By.CSS_SELECTOR, "#connector-1 button[data-act=swipe]").click()
    wait_until(lambda: text(browser, "#connector-1 .status") == "Charging", what="connector 1 Charging on the page")
    wait_until(lambda: text(browser, "#connector-1 .idtag") == TAG, what="the idTag on the page")
    energy = lambda: float(browser.find_element(By.CSS_SELECTOR, "#connector-1 .energy").get_attribute("data-wh"))  # noqa: E731
    first = wait_until(lambda: energy() > 0 and energy(), what="energy above 0")
    wait_until(lambda: energy() > first, what=f"the energy figure growing past {first} Wh")
    assert text(browser, "#connector-1 .energy").endswith("kWh")
    assert text(browser, "#connector-1 .txid") not in ("", "–")
    soc = browser.find_element(By.ID, "soc-1")
    soc.clear()
    soc.send_keys("65")
    browser.find_element(By.CSS_SELECTOR, "#connector-1 button[data-act=soc]").click()
    wait_until(lambda: text(browser, "#connector-1 .soc-value").startswith("65."), what="the EV's state of charge set from the page")

    # The live log shows StartTransaction with the CSMS's answer on the same row.
    row = wait_until(
        lambda: browser.find_elements(By.CSS_SELECTOR, "#log tbody tr[data-action=StartTransaction][data-answered=yes]"), what="StartTransaction answered in the live log"
    )[0]
    assert "Accepted" in row.text and TAG in row.text
    Select(browser.find_element(By.ID, "log-action")).select_by_value("StartTransaction")
    visible = [r for r in browser.find_elements(By.CSS_SELECTOR, "#log tbody tr:not(.detail)") if r.is_displayed()]
    assert visible and all(r.get_attribute("data-action") == "StartTransaction" for r in visible)
    Select(browser.find_element(By.ID, "log-action")).select_by_value("")

    # A charging profile from the CSMS shows in the table and as the composite schedule's steps.
    profile = {
        "chargingProfileId": 7, "stackLevel": 1, "chargingProfilePurpose": "TxDefaultProfile", "chargingProfileKind": "Relative",
        "chargingSchedule": {"chargingRateUnit": "W", "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 22000}, {"startPeriod": 3600, "limit": 11000}]},
    }  # fmt: skip
    assert station.call("SetChargingProfile", {"connectorId": 1, "csChargingProfiles": profile}) == {"status": "Accepted"}
    wait_until(lambda: "TxDefaultProfile" in text(browser, "#profiles tbody"), what="the profile in the table")
    wait_until(lambda: browser.find_elements(By.CSS_SELECTOR, "#schedule-chart svg path.step"), what="the composite schedule chart")
    wait_until(lambda: "HeartbeatInterval" in text(browser, "#config tbody"), what="the configuration keys")
    assert "Idle" in text(browser, "#firmware")
    screenshot(browser, "dashboard-charging.png")

    # Network off: the header says offline; on again: connected.
    browser.find_element(By.ID, "network-off").click()
    wait_until(lambda: text(browser, "#connection") == "offline", what="the header showing the link offline")
    assert not station.snapshot()["connected"]
    screenshot(browser, "dashboard-offline.png")
    browser.find_element(By.ID, "network-on").click()
    wait_until(lambda: text(browser, "#connection") == "connected", timeout=WAIT * 2, what="the link back")

    # The one expected failure: the probe for a fleet (GET /api/fleet is 404 on a single station).
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE" and "/api/fleet " not in entry["message"]]
    assert errors == [], f"the page logged errors: {errors}"
