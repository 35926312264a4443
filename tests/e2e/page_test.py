"""The page as a person uses it, in a real browser (Debian's chromium through
chromedriver and python3-selenium), against `arshjul serve` on the example
kommun:

- every page loads; a screenshot of each (desktop, and phone width for some)
  is kept under the build folder (argv[3]);
- axe-core (pinned in tests/e2e/web/package.json, installed by scripts/setup)
  finds ZERO WCAG 2.1 A/AA violations on every page;
- keyboard only: Tab reaches every link, button and field of each kind of page
  (the views filtered by date and the wheel by process have the same controls
  as the ones tested), and the focused element has a visible outline;
- a nämndsekreterare logs in, records a decision through the form, sees it in
  Beslut, on the wheel (the justering it started) and in Uppsikt, and logs out;
- a wrong form value shows the Swedish message at the field, keeps what was
  typed, and writes nothing.

Usage: page_test.py ARSHJUL_BINARY SOURCE_DIR SCREENSHOT_DIR
"""
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from service_support import Kommun, Service, check, finish, request  # noqa: E402

from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException  # noqa: E402
from selenium.webdriver.chrome.options import Options  # noqa: E402
from selenium.webdriver.chrome.service import Service as DriverService  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

binary, source, shots = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(shots, exist_ok=True)
AXE = os.path.join(source, "tests/e2e/web/node_modules/axe-core/axe.min.js")
if not os.path.exists(AXE):
    raise SystemExit("axe-core is missing: run scripts/setup (npm install in tests/e2e/web)")
PASSWORD = "sekreterare-2026"

kommun = Kommun(binary, source)
# A signed checkpoint, then more events: the revision page checks that today's log extends it.
key = os.path.join(kommun.tmp, "kommun")
r = kommun.cli("keygen", "--out", key, "--name", "exempelkommun.se/arshjul")
check(r.returncode == 0, "a checkpoint key is made: " + r.stderr.strip())
r = kommun.cli("checkpoint", "--key", key + ".key", token=kommun.tokens["admin"])
check(r.returncode == 0, "the tree head is signed as a checkpoint: " + r.stderr.strip())
r = kommun.cli("password", "set", "--person", "sara-lindqvist", token=kommun.tokens["admin"], stdin=PASSWORD + "\n")
check(r.returncode == 0, "the sekreterare's page password is set: " + r.stderr.strip())
service = Service(kommun)
url = service.url

options = Options()
for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900",
          "--lang=sv-SE", "--force-prefers-reduced-motion"]:
    options.add_argument(a)
driver = webdriver.Chrome(service=DriverService("/usr/bin/chromedriver"), options=options)
driver.set_page_load_timeout(30)
wait = WebDriverWait(driver, 20)


def shot(name, width=1280):
    driver.set_window_size(width, 900)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, min(max(height + 40, 600), 6000))
    driver.save_screenshot(os.path.join(shots, name + ".png"))
    driver.set_window_size(1280, 900)


def axe(name):
    with open(AXE) as f:
        driver.execute_script(f.read())
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
        ".then(r => done(JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))), e => done(JSON.stringify([{id: 'error', help: String(e)}])));")
    violations = json.loads(result)
    check(violations == [], f"axe: no WCAG 2.1 A/AA violation on {name}" + ("" if not violations else ": " + json.dumps(violations, ensure_ascii=False)))


def keyboard(name, limit=600):
    """Tab from the top until focus comes back round; every control must be reached, each with a visible outline."""
    controls = driver.execute_script(
        "return Array.from(document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, [tabindex=\"0\"]'))"
        ".filter(e => !e.closest('details:not([open])') || e.tagName === 'SUMMARY').map((e, i) => { e.dataset.kb = i; return i; }).length;")
    driver.execute_script("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);")
    body = driver.find_element(By.TAG_NAME, "body")
    reached, unseen_focus = set(), []
    for _ in range(limit):
        driver.switch_to.active_element.send_keys(Keys.TAB) if reached else body.send_keys(Keys.TAB)
        info = driver.execute_script(
            "const e = document.activeElement; const s = getComputedStyle(e);"
            "return [e.dataset.kb || null, s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0, e.tagName];")
        if info[0] is None and info[2] == "BODY":
            break
        if info[0] in reached:
            break
        if info[0] is not None:
            reached.add(info[0])
        if not info[1]:
            unseen_focus.append(info[2])
    check(len(reached) >= controls, f"keyboard: Tab reaches all {controls} controls on {name} (reached {len(reached)})")
    check(not unseen_focus, f"keyboard: focus is visible on every control of {name} {unseen_focus[:3]}")


def visit(path, name, kb=False, phone=False):
    driver.get(url + path)
    check(driver.title and "arshjul" in driver.title, f"{name} loads ({driver.title})")
    shot(name)
    if phone:
        shot(name + "-mobil", width=390)
        driver.set_window_size(390, 844)
        overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        check(overflow <= 1, f"{name} fits a phone's width (overflow {overflow}px)")
        driver.set_window_size(1280, 900)
    axe(name)
    if kb:
        keyboard(name)


def submit():
    """Sends the form and waits until the next page has replaced it."""
    button = driver.find_element(By.CSS_SELECTOR, "form.card button")
    button.click()
    wait.until(lambda _: gone(button))


def gone(element):
    """Whether `element` has left the document. Chromium reports a node of a page being replaced
    either as stale or, in the middle of the navigation, as a node that "does not belong to the
    document" (a plain WebDriverException); both mean the old page is gone."""
    try:
        element.is_enabled()
        return False
    except StaleElementReferenceException:
        return True
    except WebDriverException as e:
        if "does not belong to the document" in str(e):
            return True
        raise


def head():
    return request(url + "/api/v1/healthz").json()["head"]


# ---- log in ----
driver.get(url + "/")
wait.until(lambda d: "/logga-in" in d.current_url)
shot("logga-in")
axe("logga-in")
driver.find_element(By.ID, "f-person").send_keys("sara-lindqvist")
driver.find_element(By.ID, "f-losenord").send_keys("fel-losenord-123")
submit()
check("Fel användarnamn eller lösenord" in driver.find_element(By.ID, "f-losenord-fel").text,
      "a wrong password is refused with a Swedish message at the field")
driver.find_element(By.ID, "f-losenord").send_keys(PASSWORD)
submit()
check(driver.current_url.startswith(url + "/uppgifter"), "the right password logs in: Mina uppgifter")
cookie = driver.get_cookie("arshjul_session")
check(cookie and cookie["httpOnly"] and cookie.get("sameSite") == "Strict", "the session cookie is HttpOnly and SameSite=Strict")

# ---- every page ----
plan = request(url + "/api/v1/plan?year=2026&organ=bun", token=kommun.tokens["sara-lindqvist"]).json()
step = plan["instances"][0]["id"]
pages = [("/uppgifter", "mina-uppgifter", True, True), ("/arshjul", "arshjulet", True, True),
         ("/arshjul?organ=bun&steg=" + step, "arshjulet-detaljer", True, False),
         ("/arshjul?ringar=process&ar=2027", "arshjulet-processer", False, False), ("/uppsikt", "uppsikt", True, True),
         ("/beslut", "beslut", True, False), ("/revision", "revision", True, True),
         ("/revision?per=2026-06-30&organ=bun", "revision-per", False, False), ("/uppsikt?per=2026-06-30", "uppsikt-per", False, False),
         ("/revision/handelse/5", "revision-handelse", True, False), ("/rapporter", "rapporter", True, True),
         ("/registrera", "registrera", True, False),
         ("/registrera/beslut", "formular-beslut", True, True), ("/registrera/uppfoljning", "formular-uppfoljning", True, False),
         ("/registrera/prognos", "formular-prognos", True, False), ("/registrera/matning", "formular-matning", True, False),
         ("/registrera/steg", "formular-steg", True, False)]
for path, name, kb, phone in pages:
    visit(path, name, kb, phone)
    if name == "revision":
        text = driver.find_element(By.TAG_NAME, "main").text
        check("GODKÄNT" in text and "Merkleträdets rot" in text, "revision shows the verify verdict, head hash and Merkle root")
        check("är en fortsättning av kontrollpunktens" in text and "konsistensbeviset" in text,
              "revision shows the signed checkpoint and the checked consistency proof")
    if name == "revision-handelse":
        check("Beviset är kontrollerat" in driver.page_source, "an event's inclusion proof is shown and checked")
    if name == "uppsikt-per":
        check("som det gällde per 2026-06-30" in driver.page_source, "the as-of date changes the view and says so")
r = request(url + "/arshjul.svg?ar=2026", headers={"Cookie": "arshjul_session=" + driver.get_cookie("arshjul_session")["value"]})
check(r.status == 200 and r.headers.get("Content-Type", "").startswith("image/svg+xml") and b'width="190mm"' in r.body,
      "the wheel downloads as an SVG sized for one printed page")

# ---- report drafts: chosen in the form, drawn through the API; a bad period at its field ----
driver.get(url + "/rapporter")
Select(driver.find_element(By.ID, "f-rapport")).select_by_value("delarsrapport")
Select(driver.find_element(By.ID, "f-organ")).select_by_value("bun")
period = driver.find_element(By.ID, "f-period")
period.clear()
period.send_keys("2026-13")
submit()
message = driver.find_element(By.ID, "f-period-fel").text if driver.find_elements(By.ID, "f-period-fel") else ""
check("perioden ska vara" in message and "2026-13" in message, "a bad period shows the API's Swedish message at the field: " + message)
check(driver.find_element(By.ID, "f-period").get_attribute("value") == "2026-13", "the period is kept as typed")
shot("rapporter-fel")
period = driver.find_element(By.ID, "f-period")
period.clear()
period.send_keys("2026-08")
submit()
check("Delårsrapport" in driver.title and "Barn- och utbildningsnämnden" in driver.page_source and "<sup" in driver.page_source,
      f"the delårsrapport opens as a page with its citations ({driver.title})")
shot("rapport-delarsrapport")
r = request(url + "/rapporter?rapport=arsredovisning&organ=bun&period=2026&format=pdf",
            headers={"Cookie": "arshjul_session=" + driver.get_cookie("arshjul_session")["value"]})
check(r.status == 200 and r.headers.get("Content-Type") == "application/pdf" and r.body.startswith(b"%PDF") and
      'filename="arsredovisning-bun-2026.pdf"' in r.headers.get("Content-Disposition", ""),
      f"the årsredovisning downloads as a PDF ({r.status} {r.headers.get('Content-Type')})")

# ---- a wrong value: the Swedish message at the field, kept as typed, nothing written ----
before = head()
driver.get(url + "/registrera/beslut")
Select(driver.find_element(By.ID, "f-roll")).select_by_value("namndsekreterare|bun")
driver.find_element(By.ID, "f-meetingDate").send_keys("17/11/2026")
driver.find_element(By.ID, "f-minuteItem").send_keys("§ 93")
driver.find_element(By.ID, "f-registryNumber").send_keys("BUN/2026:200")
driver.find_element(By.ID, "f-title").send_keys("Beslut via webbsidan")
submit()
message = driver.find_element(By.ID, "f-meetingDate-fel").text
check("Skriv datumet som ÅÅÅÅ-MM-DD" in message, "a wrong date shows the Swedish message at the field: " + message)
check(driver.find_element(By.ID, "f-meetingDate").get_attribute("aria-invalid") == "true", "the field is marked invalid")
check(driver.find_element(By.ID, "f-meetingDate").get_attribute("value") == "17/11/2026", "the value is kept as typed")
check(driver.find_element(By.ID, "f-title").get_attribute("value") == "Beslut via webbsidan", "the other fields are kept")
shot("formular-fel")
axe("formular-fel")
# A date that is no meeting of the nämnd: the engine's rule refuses it, at the field.
field = driver.find_element(By.ID, "f-meetingDate")
field.clear()
field.send_keys("2026-11-24")
submit()
summary = driver.find_element(By.CSS_SELECTOR, ".error-summary").text
check("sammanträde" in summary.lower(), "a rule's refusal is shown in Swedish: " + summary.replace("\n", " | "))
check(head() == before, "nothing was written by the refused forms")

# ---- the sekreterare records a decision and sees it everywhere ----
field = driver.find_element(By.ID, "f-meetingDate")
field.clear()
field.send_keys("2026-11-17")
Select(driver.find_element(By.ID, "f-decides")).select_by_value("assignment")
submit()
check(driver.current_url.startswith(url + "/beslut"), "after recording, the page is Beslut och uppdrag")
rows = [r.text for r in driver.find_elements(By.CSS_SELECTOR, "tbody tr") if "Beslut via webbsidan" in r.text]
check(len(rows) == 1 and "BUN/2026:200" in rows[0] and "§ 93" in rows[0] and "2026-11-17" in rows[0],
      "the decision is in Beslut och uppdrag with its §, diarienummer and meeting: " + (rows[0].replace("\n", " ") if rows else "missing"))
check("Avser: uppdrag" in rows[0] if rows else False, "and what it decides, in Swedish (assignment: uppdrag)")
check("2026-12-01" in rows[0] if rows else False, "its justering deadline (14 days, next working day) is shown")
check("Registrerat" in driver.page_source, "the page says it was recorded")
shot("beslut-registrerat")
check(head() > before, "the decision was appended to the log")
driver.get(url + "/arshjul?organ=bun")
links = driver.find_elements(By.CSS_SELECTOR, "a.item[href*='justering%2Fbun%2F2026-11-17'], a.item[href*='justering/bun/2026-11-17']")
check(len(links) == 1, "the wheel shows the justering the decision started")
driver.get(url + "/uppsikt")
row = [r.text for r in driver.find_elements(By.CSS_SELECTOR, "tbody tr") if "Barn- och utbildningsnämnden" in r.text]
check(row and "2 beslut" in row[0], "uppsikt counts the new decision for the nämnd: " + (row[0] if row else "no row"))
# ---- the completeness of the goal tree (engine/completeness.h): the API's uppsikt and the page ----
check(row and "inga brister" in row[0], "the sample year's goal tree is complete: a green Målstyrning light")
goal = {"command": "SetOutcomeGoal", "command_id": "page/bun-em-9",
        "actor": {"person": "sara-lindqvist", "role": "namndsekreterare", "organ": "bun"},
        "payload": {"id": "bun-em-9", "organ": "bun", "year": 2026, "title": "Fler elever väljer yrkesprogram",
                    "strategicGoalIds": ["im-1"], "targetGroup": "Elever i årskurs 9", "effect": "Fler yrkesutbildade",
                    # exempelkommun opts in to goal.priority_reasons (Trelleborg's mål- och budgetdialog)
                    "priorityReasons": ["Bristen på yrkesutbildade i regionen"]}}
r = request(url + "/api/v1/commands", "POST", kommun.tokens["sara-lindqvist"], goal)
check(r.status == 201, "a goal without activities or indicators is recorded, not refused (%d)" % r.status)
bun = request(url + "/api/v1/views/uppsikt?organ=bun", token=kommun.tokens["sara-lindqvist"]).json()[0]
check([(c["kind"], c["subject"]) for c in bun["completeness"]] == [("goal_without_follow_through", "bun-em-9")]
      and "'Fler elever väljer yrkesprogram'" in bun["completeness"][0]["text"],
      "GET /api/v1/views/uppsikt lists the goal without activities or indicators by name: %r" % bun["completeness"])
driver.get(url + "/uppsikt")
row = [r.text for r in driver.find_elements(By.CSS_SELECTOR, "tbody tr") if "Barn- och utbildningsnämnden" in r.text]
check(row and "1 brist i målstyrningen" in row[0], "the page's Målstyrning light turns yellow: " + (row[0] if row else "no row"))
found = [r.text for r in driver.find_elements(By.CSS_SELECTOR, "tbody tr") if "bun-em-9" in r.text]
check(found and "mål utan aktivitet eller indikator" in found[0] and "Fler elever väljer yrkesprogram" in found[0],
      "Iakttagelser names the goal in Swedish: " + (found[0] if found else "missing"))
shot("uppsikt-malstyrning")
axe("uppsikt-malstyrning")
r = request(url + "/api/v1/log?type=DecisionRecorded", token=kommun.tokens["admin"]).json()
mine = [e for e in r["events"] if e["payload"].get("registryNumber") == "BUN/2026:200"]
check(len(mine) == 1 and mine[0]["actor"]["person"] == "sara-lindqvist", "the event's actor is the logged-in person")

# ---- log out ----
driver.find_element(By.CSS_SELECTOR, "header form button").click()
wait.until(lambda d: "/logga-in" in d.current_url)
driver.get(url + "/uppgifter")
check("/logga-in" in driver.current_url, "after log-out the pages ask for a log-in again")
driver.quit()

# A POST without the session's CSRF token is refused and writes nothing.
before = head()
r = request(url + "/registrera/beslut", method="POST", body=b"csrf=x&meetingDate=2026-11-17",
            headers={"Content-Type": "application/x-www-form-urlencoded"})
check(r.status in (403, 303) and head() == before, f"a form without a session and CSRF token is refused ({r.status})")
service.stop()


def tls_cookies():
    """Under TLS (serve --tls-cert/--tls-key) the cookies are also Secure."""
    import http.client
    import re
    import ssl
    cert, key = os.path.join(kommun.tmp, "cert.pem"), os.path.join(kommun.tmp, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert], check=True, capture_output=True)
    secure = Service(kommun, "--tls-cert", cert, "--tls-key", key)
    try:
        port = int(secure.url.rsplit(":", 1)[1])
        ctx = ssl.create_default_context(cafile=cert)
        conn = http.client.HTTPSConnection("127.0.0.1", port, context=ctx, timeout=30)
        conn.request("GET", "/logga-in")
        r = conn.getresponse()
        page = r.read().decode()
        login_cookie = r.getheader("Set-Cookie", "")
        check("Secure" in login_cookie and "HttpOnly" in login_cookie, "under TLS the log-in form's cookie is Secure")
        token = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
        body = urllib.parse.urlencode({"csrf": token, "person": "sara-lindqvist", "losenord": PASSWORD})
        conn.request("POST", "/logga-in", body=body, headers={"Content-Type": "application/x-www-form-urlencoded",
                                                              "Cookie": login_cookie.split(";")[0]})
        r = conn.getresponse()
        r.read()
        cookies = r.msg.get_all("Set-Cookie") or []
        session = [c for c in cookies if c.startswith("arshjul_session=")]
        check(r.status == 303 and session and all(f in session[0] for f in ("HttpOnly", "SameSite=Strict", "Secure")),
              "under TLS the session cookie is HttpOnly, SameSite=Strict and Secure: " + "; ".join(session))
    finally:
        secure.stop()


import urllib.parse  # noqa: E402
tls_cookies()
finish()
