"""The web app: routes over a library database. Pages are Jinja2 templates (autoescaped); no story data ever goes
into a script; every response carries a Content-Security-Policy; writes need the token the server was started with."""

from __future__ import annotations

import ipaddress
import json
import secrets
import threading
from importlib.resources import files
from pathlib import Path
from urllib.parse import parse_qs, urlencode

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.trustedhost import TrustedHostMiddleware

from ficlens.errors import LibraryError
from ficlens.library import Library, SearchQuery
from ficlens.library.schema import connect
from ficlens.library.search import FACET_LABELS
from ficlens.web.templates import environment
from ficlens.web.view import work_view

CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; form-action 'self'; "
       "base-uri 'none'; frame-ancestors 'none'")  # fmt: skip
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
PAGE_SIZE = 20
MAX_FORM_BYTES = 200_000
# query parameter -> SearchQuery list field
LIST_PARAMS = {
    "fandom": "fandoms", "tag": "tags", "character": "characters", "found": "found_characters",
    "suggested": "suggested", "ship": "ships", "rating": "ratings", "exclude_warning": "exclude_warnings",
}  # fmt: skip
# facet -> the query parameter its values add
FACET_PARAMS = {
    "author:fandom": "fandom", "author:rating": "rating", "author:warning": "tag", "author:relationship": "ship",
    "ficlens:relationship": "suggested", "author:character": "character", "found:character": "found",
    "ficlens:warning": "suggested", "author:category": "tag", "ficlens:category": "suggested",
    "ficlens:rating": "suggested", "author:freeform": "tag", "user:user": "tag", "work:language": "language",
    "work:complete": "complete",
}  # fmt: skip
PARAM_LABELS = {
    "fandom": "fandom", "tag": "tag", "character": "character (author)", "found": "character (found)",
    "suggested": "ficlens tag", "ship": "ship", "rating": "rating", "exclude_warning": "without",
    "language": "language", "complete": "status", "words_min": "words ≥", "words_max": "words ≤",
    "ship_origin": "ships tagged by",
}  # fmt: skip


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def query_from_params(params: list[tuple[str, str]]) -> tuple[SearchQuery, int]:
    """The search a URL asks for; values that are not valid (a word count of 'abc') are ignored, never trusted."""
    fields: dict = {name: [] for name in LIST_PARAMS.values()}
    page = 1
    for key, value in params:
        value = value.strip()
        if not value:
            continue
        if key in LIST_PARAMS:
            fields[LIST_PARAMS[key]].append(value)
        elif key == "q":
            fields["text"] = value
        elif key in ("words_min", "words_max", "page") and value.isdigit() and len(value) < 10:
            if key == "page":
                page = max(1, int(value))
            else:
                fields[key] = int(value)
        elif key == "complete" and value in ("true", "false", "complete", "in progress"):
            fields["complete"] = value in ("true", "complete")
        elif key == "language":
            fields["language"] = value
        elif key == "ship_origin" and value in ("any", "author", "ficlens"):
            fields["ship_origin"] = value
        elif key == "sort" and value in ("relevance", "updated", "words", "title", "added"):
            fields["sort"] = value
    fields["limit"], fields["offset"] = PAGE_SIZE, (page - 1) * PAGE_SIZE
    return SearchQuery(**fields), page


def url_with(params: list[tuple[str, str]], add: tuple[str, str] | None = None, remove: tuple[str, str] | None = None,
             page: int | None = None) -> str:  # fmt: skip
    kept = [(k, v) for k, v in params if (k, v) != remove and k != "page" and v]
    if add and add not in kept:
        if add[0] in ("language", "complete"):
            kept = [(k, v) for k, v in kept if k != add[0]]
        kept.append(add)
    if page and page > 1:
        kept.append(("page", str(page)))
    return "/?" + urlencode(kept) if kept else "/"


def create_app(db_path: str | Path, token: str | None = None, allowed_hosts: list[str] | None = None) -> FastAPI:
    """The app over the library at `db_path`; `token` (random unless given) guards every write."""
    db_path = Path(db_path)
    connect(db_path).close()  # create or migrate once, before serving
    write_token = token or secrets.token_urlsafe(24)
    local = threading.local()
    templates = environment()
    app = FastAPI(title="ficlens", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.token = write_token
    app.mount("/static", StaticFiles(directory=str(files("ficlens.web") / "static")), name="static")
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts or ["127.0.0.1", "localhost", "[::1]"])

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response

    def library() -> Library:
        """One connection per server thread (sqlite3 connections are not shared between threads)."""
        if getattr(local, "library", None) is None:
            local.library = Library(connect(db_path), db_path)
        return local.library

    def render(name: str, status: int = 200, **context) -> HTMLResponse:
        return HTMLResponse(templates.get_template(name).render(**context), status_code=status)

    @app.exception_handler(LibraryError)
    async def library_error(request: Request, error: LibraryError):
        return render("error.html", status=404, message=str(error), q="")

    @app.get("/", response_class=HTMLResponse)
    def index(request: Request):
        params = list(request.query_params.multi_items())
        query, page = query_from_params(params)
        result = library().search(query)
        facets = []
        for key, values in result.facets.items():
            if not values:
                continue
            param = FACET_PARAMS[key]
            items = []
            for value in values:
                item_value = {"complete": "true", "in progress": "false"}.get(value.value, value.value) \
                    if param == "complete" else value.value  # fmt: skip
                items.append({
                    "value": value.value, "count": value.count, "url": url_with(params, add=(param, item_value)),
                    "exclude_url": url_with(params, add=("exclude_warning", value.value))
                    if key == "author:warning" else None,
                })  # fmt: skip
            facets.append({"key": key, "label": FACET_LABELS[key], "values": items})
        active = [{"label": f"{PARAM_LABELS[k]}: {v}", "remove_url": url_with(params, remove=(k, v))}
                  for k, v in params if k in PARAM_LABELS and v.strip()]  # fmt: skip
        ship_text = query.ships[-1] if query.ships else ""  # the box shows the last ship; the others stay hidden
        kept = [(k, v) for k, v in params if k in LIST_PARAMS and v.strip() and (k, v.strip()) != ("ship", ship_text)]
        pages = -(-result.total // PAGE_SIZE)
        return render(
            "index.html", q=query.text, query=query, result=result, facets=facets, active=active, kept_filters=kept,
            ship_text=ship_text,
            prev_url=url_with(params, page=page - 1) if page > 1 else None,
            next_url=url_with(params, page=page + 1) if page < pages else None,
        )  # fmt: skip

    @app.get("/api/search")
    def api_search(request: Request) -> JSONResponse:
        query, _ = query_from_params(list(request.query_params.multi_items()))
        return JSONResponse(library().search(query).model_dump(mode="json"))

    @app.get("/work/{work_id}", response_class=HTMLResponse)
    def work_page(work_id: int):
        lib = library()
        row = lib.row(work_id)
        user = {"notes": row["user_notes"], "tags": json.loads(row["user_tags"]), "status": row["user_status"]}
        return render("work.html", view=work_view(lib.work(work_id)), work_id=work_id, token=write_token, user=user)

    @app.post("/work/{work_id}/user-data")
    async def save_user_data(work_id: int, request: Request):
        body = await request.body()
        if len(body) > MAX_FORM_BYTES:
            raise HTTPException(413, "form too large")
        form = {k: v[-1] for k, v in parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items()}
        given = request.headers.get("x-ficlens-token") or form.get("token", "")
        if not secrets.compare_digest(given.encode(), write_token.encode()):
            raise HTTPException(403, "a write needs the server's token")
        tags = [t for t in form.get("tags", "").split(",") if t.strip()]
        library().set_user_data(work_id, form.get("notes", ""), tags, form.get("status", "").strip())
        return RedirectResponse(f"/work/{work_id}#your-notes", status_code=303)

    @app.get("/stats", response_class=HTMLResponse)
    def stats_page():
        return render("stats.html", stats=library().stats(), q="")

    return app
