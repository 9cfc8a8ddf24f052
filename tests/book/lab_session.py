"""A real JupyterLab in headless Chromium, for the tests and the screenshots of the live notebook.

:func:`lab_server` starts ``jupyter lab`` (the project's lab requirements:
jupyterlab, jupyterlab-myst, the ipywidgets front end) on a free local port
over a temporary folder holding copies of the chosen chapters (so nothing a
session autosaves reaches ``book/``), with the configuration ``make lab`` uses
(``tools/lab_config.py``); :func:`lab_browser` opens headless Chromium on it. Both are context managers; nothing goes to the network.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any, Iterator

from tests.conftest import ROOT
from tools.lab_config import write_config

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def lab_server(chapters: list[str]) -> Iterator[tuple[str, str, Path]]:
    """Run JupyterLab over copies of ``chapters`` (paths under ``book/``); yield (base url, token, folder)."""
    folder = Path(tempfile.mkdtemp(prefix="mlcourse-lab-"))
    for chapter in chapters:
        shutil.copy(ROOT / chapter, folder / Path(chapter).name)
    port, token = _free_port(), secrets.token_hex(16)
    config = write_config(folder / ".jupyter-lab", render_every_cell=True)
    command = [
        sys.executable, "-m", "jupyterlab", "--LabApp.custom_css=True", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={folder}",
        "--LabApp.expose_app_in_browser=True", "--ServerApp.disable_check_xsrf=True",
    ]  # fmt: skip
    if hasattr(os, "getuid") and os.getuid() == 0:
        command.append("--allow-root")
    log = open(folder / "lab.log", "w")
    environment = {**os.environ, "JUPYTER_CONFIG_DIR": str(config)}
    server = subprocess.Popen(command, cwd=folder, stdout=log, stderr=subprocess.STDOUT, env=environment)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"JupyterLab did not start:\n{(folder / 'lab.log').read_text()[-3000:]}")
                time.sleep(0.5)
        yield base, token, folder
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        shutil.rmtree(folder, ignore_errors=True)


def headless_chromium(*, width: int, height: int, reach: str = "127.0.0.1", extra: tuple[str, ...] = ()) -> Any:
    """Headless Chromium (Selenium) that can reach only ``reach`` ("" for no host at all)."""
    os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium Manager fetch anything
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    hosts = "MAP * ~NOTFOUND" + (f", EXCLUDE {reach}" if reach else "")
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--host-resolver-rules={hosts}",
        f"--window-size={width},{height}",
        *extra,
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(90)
    return driver


@contextlib.contextmanager
def lab_browser(width: int = 1400, height: int = 1000) -> Iterator[Any]:
    """Headless Chromium allowed to reach only this machine."""
    driver = headless_chromium(width=width, height=height)
    try:
        yield driver
    finally:
        driver.quit()


def wait_for(driver: Any, script: str, *, timeout: float, what: str, poll: float = 0.25) -> Any:
    """Run ``script`` (JavaScript returning a value) until it is truthy; return the value."""
    deadline = time.monotonic() + timeout
    while True:
        value = driver.execute_script(script)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(poll)


def open_notebook(driver: Any, base: str, token: str, name: str) -> None:
    """Open ``name`` in JupyterLab and wait until its kernel is idle."""
    driver.get(f"{base}/lab/tree/{name}?token={token}&reset")
    wait_for(
        driver,
        "var app=window.jupyterapp; var w=app&&app.shell.currentWidget;"
        "return !!(w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel"
        " && w.sessionContext.session.kernel.status==='idle' && w.content && w.content.widgets.length);",
        timeout=120,
        what=f"{name} open with an idle kernel",
    )


def run_all_cells(driver: Any, *, timeout: float = 300) -> None:
    """Run every cell of the current notebook and wait until the kernel is idle with no cell pending."""
    driver.execute_script("window.jupyterapp.commands.execute('notebook:run-all-cells');")
    time.sleep(1.0)
    wait_for(
        driver,
        "var w=window.jupyterapp.shell.currentWidget; var k=w.sessionContext.session.kernel;"
        "var pending=w.content.widgets.filter(c=>c.model.type==='code' && c.promptNode"
        " && c.promptNode.textContent.indexOf('*')>=0).length;"
        "return k.status==='idle' && pending===0;",
        timeout=timeout,
        what="every cell to run",
        poll=1.0,
    )
