"""Rebuild the README's screenshots: a demo library (the example story, the format fixtures and generated works,
analysed), served by `ficlens serve`, photographed by headless Chromium at a phone and a desktop width.

    python docs/make_screenshots.py        # needs chromium and chromium-driver; writes docs/screenshots/*.png
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.library_corpus import write_generated_works  # noqa: E402
from ficlens.library import Library  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
SIZES = {"phone": (390, 844), "desktop": (1280, 860)}
FIXTURES = ROOT / "tests" / "fixtures" / "formats"


def main() -> None:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "downloads"
        folder.mkdir()
        shutil.copy(ROOT / "examples" / "the-lighthouse-keys.txt", folder)
        for name in ("ao3-oneshot.html", "ao3-two-chapters.html", "fanficfare.html", "fanficfare.txt"):
            shutil.copy(FIXTURES / name, folder)
        write_generated_works(folder / "generated", 12, words=500, seed=5)
        db = Path(scratch) / "library.db"
        with Library.open(db) as library:
            results = library.add([folder], workers=2)
            lighthouse = next(r.work_id for r in results if r.source.endswith("the-lighthouse-keys.txt"))
        port = "8799"
        server = subprocess.Popen([sys.executable, "-m", "ficlens", "serve", "--db", str(db), "--port", port])
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base, timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        options = webdriver.ChromeOptions()
        options.binary_location = shutil.which("chromium") or ""
        for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                         "--force-device-scale-factor=1"):  # fmt: skip
            options.add_argument(argument)
        driver = webdriver.Chrome(options=options, service=Service(executable_path=shutil.which("chromedriver")))
        try:
            OUT.mkdir(parents=True, exist_ok=True)
            pages = {"library": "/?q=lamp", "work": f"/work/{lighthouse}", "stats": "/stats"}
            for name, path in pages.items():
                for size_name, size in SIZES.items():
                    driver.set_window_size(*size)
                    driver.get(base + path)
                    if name == "work":  # show one quotation's details, as on hover
                        quote = driver.find_elements("css selector", ".text .q")[2]
                        driver.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus()",
                                              quote)  # fmt: skip
                    driver.save_screenshot(str(OUT / f"{name}-{size_name}.png"))
        finally:
            driver.quit()
            server.terminate()
            server.wait(timeout=10)
    print("\n".join(str(p.relative_to(ROOT)) for p in sorted(OUT.glob("*.png"))))


if __name__ == "__main__":
    main()
