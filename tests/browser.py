"""Open a page in Debian's headless Chromium with the network off, and report what happened.

Used by the browser tests (and reusable by others)::

    result = open_page(path_or_html, screenshot="shot.png")
    result.console_errors, result.page_errors, result.requests, result.values

The browser is ``/usr/bin/chromium`` driven by ``/usr/bin/chromedriver`` through selenium
(no driver download). Every request to a non-loopback host goes to a dead proxy
(``127.0.0.1:9``), and every request the page attempts is counted from Chromium's
performance log: ``requests`` lists the URLs whose scheme is not ``file``/``data``/
``about``/``blob`` or one of Chromium's own (``chrome``, ``chrome-untrusted``, ...). Before
any script of the page runs, a probe records uncaught errors, ``console.error`` calls and
any ``alert``/``confirm``/``prompt`` (``dialogs``).
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

_PROBE = """
(function () {
  window.__probe = { errors: [], console: [], dialogs: [] };
  window.addEventListener("error", function (e) {
    var where = (e.filename || "") + ":" + (e.lineno || 0);
    window.__probe.errors.push(String(e.message || e.type) + " @ " + where);
  }, true);
  window.addEventListener("unhandledrejection", function (e) {
    window.__probe.errors.push("unhandled rejection: " + String(e.reason));
  });
  var error = console.error;
  console.error = function () {
    window.__probe.console.push(Array.prototype.map.call(arguments, String).join(" "));
    return error.apply(console, arguments);
  };
  ["alert", "confirm", "prompt"].forEach(function (name) {
    window[name] = function (message) {
      window.__probe.dialogs.push(name + ": " + String(message));
    };
  });
})();
"""

#: Schemes that never reach the network: the page's own files and data, and the pages Chromium
#: serves from its own resources (Chromium 150 opens its new-tab page's
#: ``chrome-untrusted://new-tab-page/one-google-bar`` beside ours, in the same log).
_LOCAL_SCHEMES = (
    "file:",
    "data:",
    "about:",
    "blob:",
    "chrome:",
    "chrome-error:",
    "chrome-untrusted:",
    "devtools:",
)


@dataclass
class PageResult:
    """What a page did in the browser."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    screenshot: Path | None = None
    elapsed: float = 0.0

    @property
    def outgoing_requests(self) -> int:
        """How many requests to the network the page attempted."""
        return len(self.requests)


def available() -> bool:
    """True when Chromium and its driver are installed (``.ci/run`` installs them)."""
    return Path(CHROMIUM).is_file() and Path(CHROMEDRIVER).is_file()


def open_page(
    page: str | Path,
    *,
    screenshot: str | Path | None = None,
    timeout: float = 60.0,
    ready: str = "return !window.intlgraphMap || window.intlgraphMap.drawn === true",
    read: str = "return window.intlgraphMap ? {nodes: window.intlgraphMap.nodes, "
    "edges: window.intlgraphMap.edges, drawnNodes: window.intlgraphMap.drawnNodes, "
    "drawnEdges: window.intlgraphMap.drawnEdges, firstDrawMs: window.intlgraphMap.firstDrawMs} "
    ": {}",
    size: tuple[int, int] = (1400, 900),
    settle: float = 0.3,
    actions: str | None = None,
    frame: int | tuple[int, ...] | None = None,
) -> PageResult:
    """Open ``page`` (a file path, or the HTML text itself) offline and wait until ``ready``
    (a JS expression returning true) holds; then run ``actions`` (JS, optional), read
    ``read`` (JS returning an object) into ``values`` and take the screenshot. With
    ``frame``, ``ready``/``actions``/``read`` run inside that iframe of the page (e.g. a
    notebook's ``srcdoc`` iframe); a tuple of indices goes down nested iframes.

    Raises ``TimeoutError`` if the page is not ready within ``timeout`` seconds.
    """
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    workdir = Path(tempfile.mkdtemp(prefix="intlgraph-browser-"))
    if isinstance(page, Path) or (isinstance(page, str) and not page.lstrip().startswith("<")):
        path = Path(page).resolve()
    else:
        path = workdir / "page.html"
        path.write_text(str(page), encoding="utf-8")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--disable-extensions",
        "--proxy-server=127.0.0.1:9",
        "--proxy-bypass-list=<-loopback>",
        f"--user-data-dir={workdir / 'profile'}",
        f"--window-size={size[0]},{size[1]}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    result = PageResult()
    try:
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": _PROBE})
        started = time.perf_counter()
        driver.get(path.as_uri())
        deadline = started + timeout
        for index in (frame,) if isinstance(frame, int) else frame or ():
            while len(driver.find_elements("tag name", "iframe")) <= index:
                if time.perf_counter() > deadline:
                    raise TimeoutError(f"{path}: no iframe {index} after {timeout} s")
                time.sleep(0.05)
            driver.switch_to.frame(index)
        while not driver.execute_script(ready):
            if time.perf_counter() > deadline:
                raise TimeoutError(f"{path} not ready after {timeout} s")
            time.sleep(0.05)
        result.elapsed = time.perf_counter() - started
        time.sleep(settle)
        if actions:
            driver.execute_script(actions)
            time.sleep(settle)
        result.values = driver.execute_script(read) or {}
        probe = driver.execute_script("return window.__probe || {}") or {}
        result.page_errors = list(probe.get("errors", []))
        result.dialogs = list(probe.get("dialogs", []))
        result.console_errors = list(probe.get("console", []))
        for entry in driver.get_log("browser"):
            if entry.get("level") == "SEVERE":
                result.console_errors.append(str(entry.get("message", "")))
        for entry in driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") == "Network.requestWillBeSent":
                url = str(message["params"]["request"]["url"])
                if not url.startswith(_LOCAL_SCHEMES):
                    result.requests.append(url)
        if screenshot is not None:
            driver.save_screenshot(str(screenshot))
            result.screenshot = Path(screenshot)
    finally:
        driver.quit()
        shutil.rmtree(workdir, ignore_errors=True)
    return result
