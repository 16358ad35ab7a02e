"""Browser tests: the five journeys of issue 8 in headless Chromium, with an
axe-core accessibility check of every page visited.

    python3 Tests/browser/journeys.py BASE_URL TOKENS_JSON SCREENSHOT_DIR

Chromium and chromedriver come from Debian, Selenium and axe-core (the copy
shipped in the axe-playwright-python wheel) from PyPI: nothing is downloaded at
run time. Prints FIGURE a11y_violations and FIGURE pages_checked; exits non-zero
when a journey fails or any WCAG A/AA violation is found.
"""
import datetime
import importlib.util
import json
import os
import sys
import traceback
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.support.ui import Select, WebDriverWait

BASE, TOKENS, SHOTS = sys.argv[1], sys.argv[2], sys.argv[3]
TODAY = datetime.date.today()
SITS_IN_DAYS = 40
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
LOGINS = json.load(open(TOKENS))


def token(email):
    return next(login["token"] for login in LOGINS if login["email"] == email)


def api(email, method, path, body=None, if_match=None):
    """The JSON API, for the givens of a journey (what earlier steps left)."""
    request = urllib.request.Request(BASE + path, method=method, data=None if body is None else json.dumps(body).encode())
    request.add_header("Authorization", "Bearer " + token(email))
    request.add_header("Content-Type", "application/json")
    if if_match:
        request.add_header("If-Match", if_match)
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def day(offset):
    return (TODAY + datetime.timedelta(days=offset)).isoformat()


class Browser:
    def __init__(self):
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1100", "--lang=en-GB"]:
            options.add_argument(argument)
        self.driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        self.driver.set_script_timeout(60)
        spec = importlib.util.find_spec("axe_playwright_python")
        self.axe = open(os.path.join(list(spec.submodule_search_locations)[0], "axe.min.js")).read()
        self.checked = {}
        self.violations = 0

    def go(self, path):
        self.driver.get(BASE + path)
        self.check()

    def check(self):
        """axe-core on the page now shown, once per distinct page (path and heading)."""
        path = self.driver.current_url.replace(BASE, "").split("?")[0]
        key = (path, self.heading())
        if key in self.checked:
            return
        self.driver.execute_script(self.axe)
        found = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
            ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
            " targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))"
            ".catch(e => done([{id: 'axe-error', help: String(e), targets: []}]));", AXE_TAGS)
        self.checked[key] = len(found)
        self.violations += len(found)
        for violation in found:
            print(f"a11y: {path}: {violation['id']} ({violation.get('impact')}): {violation['help']} at {violation['targets']}")

    def heading(self):
        return self.driver.find_element(By.TAG_NAME, "h1").text

    def sign_in(self, email):
        self.driver.delete_all_cookies()
        self.go("/sign-in")
        self.type("token", token(email))
        self.submit()

    def sign_out(self):
        self.navigate(self.driver.find_element(By.XPATH, "//button[normalize-space()='Sign out']"))
        assert "You have signed out." in self.driver.page_source

    def type(self, element_id, text):
        field = self.driver.find_element(By.ID, element_id)
        field.clear()
        field.send_keys(text)

    def type_date(self, name, iso):
        """Fills a GOV.UK date input's day, month and year boxes from an ISO date."""
        year, month, day_ = iso.split("-")
        for part, value in (("day", str(int(day_))), ("month", str(int(month))), ("year", year)):
            self.type(f"{name}-{part}", value)

    def click(self, element_id):
        self.driver.find_element(By.ID, element_id).click()

    def navigate(self, element):
        """Clicks and waits for the next page to replace this one."""
        self.driver.execute_script("window.quorumPreviousPage = true;")
        element.click()
        WebDriverWait(self.driver, 15, ignored_exceptions=[WebDriverException]).until(lambda d: d.execute_script(
            "return window.quorumPreviousPage === undefined && document.readyState === 'complete'"))
        self.check()

    def link(self, text):
        self.navigate(self.driver.find_element(By.PARTIAL_LINK_TEXT, text))

    def submit(self, label=None):
        """Presses a form's button (by its words) and checks the page it leads to."""
        if label:
            self.navigate(self.driver.find_element(By.XPATH, f"//button[normalize-space()='{label}']"))
        else:
            self.navigate(self.driver.find_element(By.CSS_SELECTOR, "main button[type=submit]"))

    def banner(self):
        return self.driver.find_element(By.CSS_SELECTOR, ".notification-banner__heading").text

    def shot(self, name, width=1280):
        self.driver.set_window_size(width, 1100)
        height = self.driver.execute_script("return document.documentElement.scrollHeight")
        self.driver.set_window_size(width, min(max(height, 600), 4000))
        self.driver.save_screenshot(os.path.join(SHOTS, name + ".png"))
        self.driver.set_window_size(1280, 1100)


def assessor_recommends(browser):
    """An assessor submits a PASS recommendation, justifying the unmet finding."""
    ella = next(e for e in api("coordinator@northshire.example", "GET", "/v1/enrolments")["items"] if e["nqsw"]["name"] == "Ella Morgan")
    # Given: the final review is recorded (the recommendation is made at it).
    api("assessor1@northshire.example", "POST", f"/v1/enrolments/{ella['id']}/reviews",
        {"milestone": 12, "heldOn": day(0), "progress": "Met the standard across the year."})
    browser.sign_in("assessor1@northshire.example")
    assert browser.heading() == "My NQSWs", browser.heading()
    browser.link("Ella Morgan")
    browser.link("Make the final recommendation")
    browser.click("outcome-PASS")
    browser.type("rationale", "Ella has met the KSS and PCF at ASYE level across the year, as her observations and reflections show.")
    browser.submit("Continue")
    assert browser.heading() == "Check your recommendation before you submit it"
    browser.submit("Submit the recommendation")
    # The unmet 'robust' finding needs a justification: the form comes back with an error summary.
    summary = browser.driver.find_element(By.CSS_SELECTOR, ".error-summary").text
    assert "justification" in summary.lower() or "robust" in summary.lower(), summary
    assert "observations and reflections" in browser.driver.find_element(By.ID, "rationale").get_attribute("value")
    browser.shot("assessor-recommendation-error")
    browser.type("justifications-robust", "Her final reflection was discussed with her in person; it is her own work.")
    browser.shot("assessor-recommendation-form")
    browser.submit("Continue")
    browser.shot("assessor-check-answers")
    browser.submit("Submit the recommendation")
    assert browser.banner() == "Your recommendation is submitted.", browser.banner()
    assert "submitted" in browser.driver.page_source
    browser.sign_out()


def coordinator_schedules(browser):
    """A coordinator schedules a panel and lists the case."""
    browser.sign_in("coordinator@northshire.example")
    assert browser.heading() == "Cohort tracker"
    browser.shot("coordinator-cohort")
    browser.link("Panels")
    browser.link("Schedule a panel")
    browser.submit("Schedule the panel")  # empty: every field is reported at the top
    assert browser.driver.find_element(By.CSS_SELECTOR, ".error-summary"), "no error summary"
    browser.type_date("sitsOn", day(SITS_IN_DAYS))
    browser.type("startsAt", "10:00")
    browser.type("endsAt", "13:00")
    browser.type("location", "Committee Room 1, County Hall")
    browser.type("capacity", "4")
    browser.type_date("evidenceDeadline", day(30))
    Select(browser.driver.find_element(By.ID, "chairId")).select_by_visible_text("Margaret Shaw")
    for name in ["Margaret Shaw", "Imran Siddiqui", "Fiona Campbell"]:
        browser.driver.find_element(By.XPATH, f"//label[normalize-space()='{name}']").click()
    browser.submit("Schedule the panel")
    assert browser.banner() == "The panel is scheduled.", browser.banner()
    Select(browser.driver.find_element(By.ID, "enrolmentId")).select_by_visible_text("Ella Morgan (recommended PASS)")
    browser.submit("List the case")
    assert browser.banner() == "The case is listed at the panel.", browser.banner()
    browser.shot("coordinator-panel")
    browser.link("Outcomes")
    browser.go("/coordinator/outcomes")
    browser.link("History")
    assert browser.heading() == "History", browser.heading()
    browser.shot("coordinator-history")
    browser.sign_out()


def chair_defers(browser):
    """On the day the panel sits, the chair opens the session, records DEFER with a new deadline, and signs it."""
    browser.sign_in("panel1@northshire.example")
    assert browser.heading() == "My panels"
    browser.link(day(SITS_IN_DAYS))
    browser.submit("Open the session")  # weeks before it sits: refused, saying when
    assert "it opens on that day" in browser.driver.page_source, "opening before the panel's date is refused"
    browser.go("/panels")
    browser.link(day(0))
    browser.submit("Open the session")
    browser.link("Isla Fraser")
    browser.click("kind-defer")
    browser.type("reasons", "The final reflection needs corroborating by a second direct observation.")
    browser.type_date("deadline", day(90))
    browser.submit("Record the decision")
    assert browser.banner().startswith("The decision is recorded."), browser.banner()
    browser.submit("Sign the decision as chair")
    assert browser.banner() == "The decision is signed.", browser.banner()
    assert "DEFER" in browser.driver.page_source
    browser.shot("chair-decision")
    browser.sign_out()


def nqsw_acknowledges(browser):
    """The NQSW acknowledges the support and action plan drafted for them."""
    enrolments = api("coordinator@northshire.example", "GET", "/v1/enrolments")["items"]
    samuel = next(e for e in enrolments if e["nqsw"]["name"] == "Samuel Adeyemi")
    people = api("coordinator@northshire.example", "GET", "/v1/people")["items"]
    email = next(p["email"] for p in people if p["id"] == samuel["nqsw"]["id"])
    # Given: the assessor has drafted a plan.
    api("coordinator@northshire.example", "POST", f"/v1/enrolments/{samuel['id']}/plans", {
        "support": "Fortnightly reflective supervision and a shadowed assessment with a senior practitioner.",
        "supportActions": [{"description": "Arrange a shadowed assessment with a senior practitioner",
                            "ownerId": samuel["assessor"]["id"], "dueOn": day(14)}],
        "nextReviewOn": day(28),
        "objectives": [{"description": "Complete assessments within 45 working days", "statements": ["PCF-1"], "targetDate": day(56)}],
    })
    browser.sign_in(email)
    assert browser.heading() == "My ASYE year", browser.heading()
    browser.type(browser.driver.find_element(By.CSS_SELECTOR, "textarea[name=comments]").get_attribute("id"),
                 "I agree and would like the shadowing early.")
    browser.shot("nqsw-plan")
    browser.submit("Acknowledge the plan")
    assert browser.banner() == "You have acknowledged the plan.", browser.banner()
    browser.sign_out()


def psw_refers(browser):
    """The PSW acknowledges an escalation and records a referral to Social Work England."""
    browser.sign_in("psw@northshire.example")
    assert browser.heading() == "Escalations"
    browser.link("Grace Thompson")
    browser.submit("Acknowledge the escalation")
    assert browser.banner() == "The escalation is updated."
    browser.click("action-formal_procedure")
    browser.type("reasons", "Visit records were falsified; the employer's disciplinary procedure starts and the matter is referred.")
    browser.click("ground-misconduct")
    browser.type_date("referredOn", day(0))
    browser.submit("Record the decision")
    assert browser.banner() == "The escalation is updated.", browser.banner()
    assert "Referred to Social Work England" in browser.driver.page_source
    browser.shot("psw-referral")
    browser.shot("psw-referral-320px", width=320)
    browser.sign_out()


def assessor_judges_and_reviews(browser):
    """An assessor judges and verifies a piece of evidence and records a review; the NQSW comments and signs it."""
    assessor = "assessor1@northshire.example"
    mine = [e for e in api(assessor, "GET", "/v1/enrolments")["items"] if e["nqsw"]["name"] != "Ella Morgan" and e["status"] == "active"]

    def overdue_review(e):
        """The first milestone that has fallen due with no review recorded: a review is never recorded before its date."""
        held = {r["milestone"] for r in api(assessor, "GET", f"/v1/enrolments/{e['id']}/reviews")["items"]}
        due = api(assessor, "GET", f"/v1/enrolments/{e['id']}/schedule")["milestones"]
        return next((m["months"] for m in due if m["months"] < 12 and m["months"] not in held and m["due"] <= day(0)), None)

    enrolment, milestone = next((e, m) for e in mine for m in [overdue_review(e)] if m is not None)
    item = next(i for i in api(assessor, "GET", f"/v1/enrolments/{enrolment['id']}/evidence")["items"] if i.get("verifiedOn") is None)
    name = enrolment["nqsw"]["name"]
    browser.sign_in(assessor)
    browser.link(name)
    browser.navigate(browser.driver.find_element(By.CSS_SELECTOR, f"a[href$='/evidence/{item['id']}']"))
    browser.submit("Record the judgement")  # nothing chosen: the summary links to the level
    assert browser.driver.find_element(By.CSS_SELECTOR, ".error-summary a[href='#level']")
    browser.click("level-partly_meets")
    browser.type("feedback", "Good rapport; next time record how the child's wishes shaped the plan.")
    browser.shot("assessor-judgement")
    browser.submit("Record the judgement")
    assert browser.banner() == "The judgement is recorded.", browser.banner()
    browser.submit("Verify this evidence")
    assert browser.banner() == "The evidence is verified.", browser.banner()
    browser.link(f"Back to {name}")
    browser.link("Record a review")
    browser.click(f"milestone-{milestone}")
    browser.type_date("heldOn", day(0))
    browser.type("progress", "Steady progress against KSS 1-3; direct work is strong, recording sometimes late.")
    browser.type("agreedActions", "A joint visit before the next review; recording within two working days.")
    browser.submit("Record the review")
    assert browser.banner().startswith("The review is recorded"), browser.banner()
    browser.sign_out()
    people = api("coordinator@northshire.example", "GET", "/v1/people")["items"]
    browser.sign_in(next(p["email"] for p in people if p["id"] == enrolment["nqsw"]["id"]))
    browser.link(f"{milestone}-month review")
    browser.type("nqswComments", "I agree with the actions and would like the joint visit soon.")
    browser.submit("Save the comments")
    assert browser.banner() == "Your comments are saved.", browser.banner()
    browser.submit("Sign the review")
    assert browser.banner() == "You have signed the review.", browser.banner()
    browser.shot("nqsw-review-signed")
    browser.sign_out()


def manager_records_supervision(browser):
    """A line manager records a supervision session, typing its date in the day, month and year boxes."""
    browser.sign_in("linemanager@northshire.example")
    browser.link("Jack Robinson")
    browser.submit("Record the session")  # nothing entered: the summary links to the date's first box
    assert browser.driver.find_element(By.CSS_SELECTOR, ".error-summary a[href='#scheduledFor-day']")
    browser.type_date("scheduledFor", day(-1))
    browser.type("startsAt", "14:30")
    browser.click("kind-individual")
    browser.click("held-yes")
    browser.type("durationMinutes", "60")
    browser.type("topics", "Two child protection cases; managing a heavy week.")
    browser.type("actions-0-description", "Read the neglect toolkit before the next session")
    Select(browser.driver.find_element(By.ID, "actions-0-ownerId")).select_by_visible_text("Jack Robinson")
    browser.type_date("actions-0-dueOn", day(14))
    browser.shot("manager-supervision")
    browser.submit("Record the session")
    assert browser.banner() == "The supervision session is recorded.", browser.banner()
    browser.sign_out()


def other_pages(browser):
    """Every other page once, for the accessibility check: each role's start pages and the errors."""
    browser.driver.delete_all_cookies()
    browser.go("/sign-in")
    browser.type("token", "qrm_not-a-real-token")
    browser.submit("Sign in")
    assert browser.driver.find_element(By.CSS_SELECTOR, ".error-summary")
    browser.sign_in("linemanager@northshire.example")
    browser.link("Jack Robinson")
    browser.sign_in("moderator@northshire.example")
    browser.sign_in("coordinator@northshire.example")
    browser.go("/nqsws")
    browser.go("/escalations")
    browser.go("/panels/00000000-0000-0000-0000-000000000000")
    browser.sign_in("nqsw1@northshire.example")
    browser.go("/panels")


def main():
    os.makedirs(SHOTS, exist_ok=True)
    browser = Browser()
    failures = 0
    try:
        journeys = [assessor_recommends, coordinator_schedules, chair_defers, nqsw_acknowledges, psw_refers, assessor_judges_and_reviews, manager_records_supervision, other_pages]
        for journey in journeys:
            try:
                journey(browser)
                print(f"journey ok: {journey.__doc__.splitlines()[0]}")
            except Exception as error:  # report every journey, then fail
                failures += 1
                browser.driver.save_screenshot(os.path.join(SHOTS, f"failed-{journey.__name__}.png"))
                where = traceback.extract_tb(error.__traceback__)
                line = next((frame.lineno for frame in reversed(where) if frame.filename == __file__), "?")
                message = str(error).splitlines()[0] if str(error) else ""
                print(f"journey FAILED: {journey.__name__} (line {line}): {type(error).__name__}: {message} at {browser.driver.current_url}")
    finally:
        browser.driver.quit()
    print(f"FIGURE a11y_violations {browser.violations}")
    print(f"FIGURE pages_checked {len(browser.checked)}")
    sys.exit(1 if failures or browser.violations else 0)


if __name__ == "__main__":
    main()
