"""The dashboard of a real `station fleet` (three simulated stations against the project's CSMS,
automatic sessions off) in headless Chromium: the page lands on the fleet view with the counts and
the table, the search narrows the table, a click opens that station's view on its routes under
/api/stations/{id}/, and a plug and swipe there make it charge. Screenshots go to .build/artifacts/."""

from __future__ import annotations

from conftest import CONFIGS, TAG, wait_until
from selenium.webdriver.common.by import By
from test_dashboard_browser import browser, screenshot, text  # noqa: F401  (the browser fixture)
from test_fleet import start_fleet  # noqa: F401  (the fleet fixture)

FLEET_ARGUMENTS = ["--id-template", "DB-{n:02}", "--no-sessions"]


def test_the_fleet_view_lists_stations_and_opens_one(start_fleet, browser, csms):  # noqa: F811
    fleet = start_fleet(3, config=CONFIGS / "simulated.yaml", extra=FLEET_ARGUMENTS)
    fleet.wait_all_connected()
    # Fleet stations have no firmware installer, and the simulated installer's switch says so.
    for method, body in (("GET", None), ("POST", {"fails": True})):
        status, answer = fleet.api(method, "/api/stations/DB-01/firmware/next-installation", body)
        assert status == 409 and "fleet stations have no Firmware Management" in answer["error"], answer
    browser.get(f"http://127.0.0.1:{fleet.port}/")
    wait_until(lambda: browser.execute_script("return location.hash") == "#/fleet", what="the page landing on the fleet view")
    wait_until(lambda: text(browser, "#fleet-total") == "3 stations", what="the fleet's count")
    wait_until(lambda: "Available" in text(browser, "#fleet-counts"), what="the counts by status")
    counts = text(browser, "#fleet-counts")
    assert "connected" in counts and "accepted" in counts
    rows = lambda: browser.find_elements(By.CSS_SELECTOR, "#fleet-table tbody tr")  # noqa: E731
    wait_until(lambda: len(rows()) == 3, what="three stations in the table")
    assert [row.find_element(By.TAG_NAME, "a").text for row in rows()] == ["DB-01", "DB-02", "DB-03"]
    assert "1: Available" in text(browser, "#fleet-table tbody")
    assert not browser.find_element(By.ID, "network-off").is_displayed(), "no single-station controls over the fleet"
    screenshot(browser, "dashboard-fleet.png")

    browser.find_element(By.ID, "fleet-search").send_keys("02")
    wait_until(lambda: len(rows()) == 1 and "DB-02" in rows()[0].text, what="the search leaving DB-02")
    browser.find_element(By.LINK_TEXT, "DB-02").click()
    wait_until(lambda: text(browser, "#cpid") == "DB-02", what="DB-02's station view")
    wait_until(lambda: text(browser, "#registration") == "Accepted" and text(browser, "#connection") == "connected", what="DB-02 Accepted and connected")
    wait_until(lambda: "HeartbeatInterval" in text(browser, "#config tbody"), what="DB-02's configuration keys")

    browser.find_element(By.CSS_SELECTOR, "#connector-1 button[data-act=plug]").click()
    wait_until(lambda: text(browser, "#connector-1 .status") == "Preparing", what="DB-02's connector 1 Preparing")
    tag = browser.find_element(By.ID, "tag-1")
    tag.clear()
    tag.send_keys(TAG)
    browser.find_element(By.CSS_SELECTOR, "#connector-1 button[data-act=swipe]").click()
    wait_until(lambda: text(browser, "#connector-1 .status") == "Charging", what="DB-02's connector 1 Charging")
    wait_until(
        lambda: browser.find_elements(By.CSS_SELECTOR, "#log tbody tr[data-action=StartTransaction][data-answered=yes]"),
        what="DB-02's StartTransaction in its live log",
    )
    screenshot(browser, "dashboard-fleet-station.png")
    starts = [f.station for f in csms.csms.frames if f.direction == "received" and f.action == "StartTransaction"]
    assert starts == ["DB-02"], f"only DB-02 started a transaction, not {starts}"
    assert [s["connectors"] for s in fleet.api("GET", "/api/stations")[1]["stations"]] == [
        ["Available", "Available"], ["Charging", "Available"], ["Available", "Available"],
    ]  # fmt: skip
