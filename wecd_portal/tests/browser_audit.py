"""Checks run on every page of the browser journeys: a screenshot, axe-core's
accessibility rules (no serious or critical violation), and no Content-Security-
Policy violation reported by Chromium."""

import weakref
from dataclasses import dataclass, field

from axe_playwright_python.sync_playwright import Axe
from django.conf import settings

from wecd_portal.tests.factories import PASSWORD, totp_code

BLOCKING_IMPACTS = {"serious", "critical"}

# Collects the browser's CSP violation events from the first script of every page.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(event.violatedDirective + ' ' + (event.blockedURI || 'inline'));
});
"""


@dataclass
class BrowserAudit:
    axe: Axe = field(default_factory=Axe)
    accessibility: dict = field(default_factory=dict)  # page name -> [rule: help]
    csp: dict = field(default_factory=dict)  # page name -> [directive blocked]
    console_csp: list = field(default_factory=list)
    pages: list = field(default_factory=list)

    def watch(self, page):
        AUDITS[page] = self
        page.add_init_script(CSP_LISTENER)
        page.on(
            "console",
            lambda message: (
                self.console_csp.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )

    def check(self, page, name, *, accessibility=True):
        """Screenshot ``page`` as ``name``, then record what axe and the CSP report."""
        page.screenshot(path=str(settings.BROWSER_ARTIFACTS / f"{name}.png"), full_page=True)
        self.pages.append(name)
        violations = page.evaluate("window.__cspViolations || []")
        if violations:
            self.csp[name] = violations
        if accessibility:
            results = self.axe.run(page)
            blocking = [
                f"{violation['id']}: {violation['help']} ({', '.join(str(node['target']) for node in violation['nodes'][:6])})"
                for violation in results.response["violations"]
                if violation.get("impact") in BLOCKING_IMPACTS
            ]
            if blocking:
                self.accessibility[name] = blocking

    def assert_clean(self):
        assert self.pages, "no page was checked"
        assert self.csp == {}, self.csp
        assert self.console_csp == [], self.console_csp
        assert self.accessibility == {}, self.accessibility


AUDITS = weakref.WeakKeyDictionary()


def checkpoint(page, name, *, accessibility=True):
    """Check ``page`` with the audit watching it (a screenshot only if none)."""
    audit = AUDITS.get(page)
    if audit is None:
        page.screenshot(path=str(settings.BROWSER_ARTIFACTS / f"{name}.png"), full_page=True)
        return
    audit.check(page, name, accessibility=accessibility)


def sign_in_with_two_factor(page, live_server, user, name):
    """The English sign-in of a demo-password account with its current TOTP code."""

    page.goto(f"{live_server.url}/en/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state("networkidle")
    checkpoint(page, f"{name}-01-two-factor")
    page.fill("input[name=code]", totp_code())
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state("networkidle")
    checkpoint(page, f"{name}-01b-signed-in")
    assert "/2fa/" not in page.url, page.content()[:3000]
