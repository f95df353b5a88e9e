"""A person at a browser: Chromium in Vietnamese (vi-VN), signing in, finding screens from
the menu, typing as people type, and screenshots at 1280 and 360 px of what they read.

Reusable by any journey: ``person = Person.sign_in(browser, live.url, "hongbang")``,
``person.open_from_menu("Báo cáo năm", "Mẫu Excel")``, ``person.type_into(box, "27.500")``,
``person.screens("local-officer-upload")``. Screenshots go to /tmp/shots-journeys/
(``HOPTAC_SHOTS`` to change).
"""

import os
import re
from dataclasses import dataclass
from pathlib import Path

from hoptac.demo.accounts import DEMO_PASSWORD

SHOTS = Path(os.environ.get("HOPTAC_SHOTS", "/tmp/shots-journeys"))
WIDE, NARROW = {"width": 1280, "height": 900}, {"width": 360, "height": 780}
TYPING_DELAY_MS = 15  # a quick typist; each key is its own event, as in a real browser


@dataclass
class Person:
    page: object
    base: str

    @classmethod
    def open(cls, browser, base):
        context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport=WIDE,
                                      accept_downloads=True)
        context.set_default_timeout(15_000)
        return cls(context.new_page(), base)

    @classmethod
    def sign_in(cls, browser, base, username, password=DEMO_PASSWORD, start="/admin/"):
        """A new browser window: asks for ``start``, signs in on the sign-in page it is sent to."""
        person = cls.open(browser, base)
        person.page.goto(base + start)
        person.page.wait_for_load_state()
        if not person.page.locator("input[name=username]").count():
            raise AssertionError(f"no sign-in form at {person.page.url}: {person.text()[:300]}")
        person.type_into(person.page.locator("input[name=username]"), username)
        person.type_into(person.page.locator("input[name=password]"), password)
        person.page.get_by_role("button", name="Đăng nhập").click()
        person.page.wait_for_load_state()
        assert "/login/" not in person.page.url, person.text()[:500]
        return person

    def go(self, path):
        self.page.goto(self.base + path)
        self.page.wait_for_load_state()

    def open_from_menu(self, *labels):
        """Click through the sidebar: submenus by name, then the link (as a person finds a screen)."""
        sidebar = self.page.locator("#wagtail-sidebar")
        for label in labels[:-1]:
            sidebar.locator("button.sidebar-menu-item__link", has=self._label(label)).first.click()
        sidebar.locator("a.sidebar-menu-item__link", has=self._label(labels[-1])).first.click()
        self.page.wait_for_load_state()

    def open_menu(self, label):
        """Open a sidebar item that is a panel, not a page (the page explorer)."""
        self.page.locator("#wagtail-sidebar button.sidebar-menu-item__link", has=self._label(label)).first.click()

    def _label(self, text):
        return self.page.locator("span.menuitem-label", has_text=re.compile(f"^{re.escape(text)}$"))

    @property
    def main(self):
        """The page's main content (labels there, not the menu's)."""
        return self.page.locator("main")

    def type_into(self, box, text):
        """Click the box, clear it, type ``text`` key by key."""
        box.click()
        box.fill("")
        box.press_sequentially(text, delay=TYPING_DELAY_MS)

    def pick_unit(self, box, typed, choose):
        """Type part of a unit's name in a unit picker and choose the option that starts with ``choose``."""
        self.type_into(box, typed)
        option = self.page.get_by_role("option").filter(has_text=choose).first
        option.click()

    def errors(self):
        """The error messages the page shows (to say why a form was refused)."""
        return [t.strip() for t in self.page.locator(
            ".error-message, .help-critical, .c-error, [role=alert], .w-field__errors").all_inner_texts() if t.strip()]

    def text(self, selector="main, #main, body"):
        return self.page.locator(selector).first.inner_text()

    def screens(self, name, focus=None):
        """Screenshots at 1280 px and 360 px wide, scrolled to ``focus`` (the result the person reads:
        the back office scrolls inside its own frame, so a full-page shot would stop at the fold)."""
        SHOTS.mkdir(parents=True, exist_ok=True)
        paths = []
        for size in (WIDE, NARROW):
            self.page.set_viewport_size(size)
            self.page.wait_for_timeout(150)
            if focus is not None:
                focus.scroll_into_view_if_needed()
            path = SHOTS / f"{name}-{size['width']}.png"
            self.page.screenshot(path=str(path), full_page=True)
            paths.append(path)
        self.page.set_viewport_size(WIDE)
        return paths

    def close(self):
        self.page.context.close()
