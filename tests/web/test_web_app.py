"""The web app over HTTP (`ficlens serve` in a subprocess): pages, escaping, headers, writes, hosts, paths."""

from __future__ import annotations

import http.client
import json
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

import pytest

from ficlens import read_bytes
from ficlens.report.html import render_html
from tests.library_support import HOSTILE, hostile_story
from tests.web.conftest import TOKEN, free_port
from tests.web.xss import injected_markup


def get(base: str, path: str) -> tuple[int, dict, str]:
    try:
        with urllib.request.urlopen(base + path, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8", "replace")


def raw(base: str, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    result = response.status, dict(response.getheaders()), response.read().decode("utf-8", "replace")
    conn.close()
    return result


def pages(web_library) -> list[str]:
    hostile = web_library["ids"]["hostile.txt"]
    return ["/", "/?q=alert", f"/?q={urllib.parse.quote(HOSTILE)}", f"/work/{hostile}", "/stats",
            f"/?tag={urllib.parse.quote('tag ' + HOSTILE)}", f"/?ship={urllib.parse.quote(HOSTILE)}"]  # fmt: skip


def test_every_page_escapes_hostile_story_strings_and_sends_a_csp(web_library):
    for path in pages(web_library):
        status, headers, page = get(web_library["base"], path)
        assert status == 200, path
        assert injected_markup(page) == [], path
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "default-src 'none'" in csp and "unsafe-inline" not in csp
        assert headers["x-content-type-options"] == "nosniff"
    _, _, work_page = get(web_library["base"], f"/work/{web_library['ids']['hostile.txt']}")
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in work_page  # shown as text, not dropped
    assert "Title &lt;script&gt;" in work_page


def test_the_xss_check_fails_on_an_unescaped_template():
    work = read_bytes(hostile_story().encode("utf-8"), name="hostile.txt")
    assert injected_markup(render_html(work)) == []
    unescaped = injected_markup(render_html(work, autoescape=False))
    assert "<script> element" in unescaped and "onerror= attribute on <img>" in unescaped


def test_the_standalone_page_is_self_contained(tmp_path):
    story = tmp_path / "hostile.txt"
    story.write_text(hostile_story(), encoding="utf-8")
    out = tmp_path / "page.html"
    done = subprocess.run([sys.executable, "-m", "ficlens", "analyze", str(story), "--format", "html", "-o", str(out)],
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    page = out.read_text(encoding="utf-8")
    assert injected_markup(page) == []
    assert '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'' in page
    assert "<style>" in page and 'rel="stylesheet"' not in page and "http://" not in page.split("<body>")[0]
    assert 'class="q ' in page and "interaction-graph" in page  # the same work page: quotations and graph


def test_search_page_lists_results_with_marked_snippets(web_library):
    status, _, page = get(web_library["base"], "/?q=lighthouse")
    assert status == 200 and "The Lighthouse Keys" in page and "<mark>" in page.lower()
    _, _, data = get(web_library["base"], "/api/search?q=lighthouse")
    assert [hit["title"] for hit in json.loads(data)["hits"]] == ["The Lighthouse Keys"]


def test_writes_need_the_token(web_library):
    work_id = web_library["ids"]["the-lighthouse-keys.txt"]
    form = urllib.parse.urlencode({"notes": "a note", "tags": "to reread", "status": "read"}).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    assert raw(web_library["base"], "POST", f"/work/{work_id}/user-data", form, headers)[0] == 403
    wrong = urllib.parse.urlencode({"token": "guess", "notes": "x"}).encode()
    assert raw(web_library["base"], "POST", f"/work/{work_id}/user-data", wrong, headers)[0] == 403
    good = form + b"&" + urllib.parse.urlencode({"token": TOKEN}).encode()
    status, response_headers, _ = raw(web_library["base"], "POST", f"/work/{work_id}/user-data", good, headers)
    assert status == 303 and response_headers["location"].startswith(f"/work/{work_id}")
    _, _, page = get(web_library["base"], "/?tag=to+reread")
    assert "The Lighthouse Keys" in page
    for method in ("PUT", "DELETE", "PATCH"):
        assert raw(web_library["base"], method, f"/work/{work_id}")[0] == 405


def test_no_paths_from_request_strings_and_no_foreign_hosts(web_library):
    base = web_library["base"]
    for path in ("/static/..%2f..%2f..%2fpyproject.toml", "/static/../../cli.py", "/static/%2e%2e/app.py",
                 "/work/..%2f..%2fetc%2fpasswd", "/work/1.json", "/static/ficlens.css/../app.py"):  # fmt: skip
        status, _, body = raw(base, "GET", path)
        assert status in (404, 422), path
        assert "FastAPI" not in body and "import" not in body
    assert raw(base, "GET", "/static/ficlens.css")[0] == 200
    assert raw(base, "GET", "/work/999999")[0] == 404
    assert raw(base, "GET", "/", headers={"Host": "attacker.example"})[0] == 400  # DNS rebinding


def test_serve_binds_loopback_by_default_and_warns_otherwise(tmp_path):
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "ficlens", "serve", "--db", str(tmp_path / "l.db"), "--host",
                                "0.0.0.0", "--port", str(port)], stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        line = process.stderr.readline()
        assert "warning: listening on 0.0.0.0" in line
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stderr.close()
    import inspect

    from ficlens.cli import serve

    assert inspect.signature(serve).parameters["host"].default.default == "127.0.0.1"


@pytest.mark.parametrize("path", ["/?words_min=abc&page=-1&complete=maybe&ship_origin=x", "/?q=%00%ff", "/?page=99"])
def test_bad_query_values_are_ignored(web_library, path):
    assert get(web_library["base"], path)[0] == 200
