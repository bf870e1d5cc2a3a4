"""The staff console at ``/admin/``: the static build of ``console/`` (a single-page app that
talks to the admin API like any other client).

- ``/admin/assets/…``: the build's fingerprinted files, cached for a year (``immutable``);
  a missing one is a plain 404, never the app's page.
- any other path under ``/admin/``: the file if the build has it (``favicon.svg``), else
  ``index.html`` (the app's own router reads the path: deep links work), never cached so a
  new build is seen at once.
- no build (``console/build`` not run): 503 with a page saying how to build it.

Not part of the OpenAPI document: a plain Flask blueprint, no credentials (the app signs in
through the API).
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, abort, send_from_directory
from werkzeug.security import safe_join

#: Where a checkout keeps the build (``console/build`` writes it): core/tuition/api/ → root.
CHECKOUT_BUILD = Path(__file__).resolve().parents[3] / "console" / "dist"
#: The build's fingerprinted files (Vite's ``build.assetsDir``).
ASSETS = "assets"
IMMUTABLE = "public, max-age=31536000, immutable"
NOT_BUILT = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Tuition console: not built</title></head>
<body>
<main>
<h1>The console is not built</h1>
<p>Tuition serves the staff console from <code>{root}</code>, which has no
<code>index.html</code>. Build it with <code>console/build</code> (or
<code>./scripts/install</code>, which runs it), or point <code>TUITION_CONSOLE_DIR</code>
at a build.</p>
<p>The admin API works without it: <a href="/docs">/docs</a>.</p>
</main>
</body>
</html>
"""


def blueprint(directory: str | None) -> Blueprint:
    """The ``/admin/`` routes serving the build in ``directory`` (default: the checkout's)."""
    root = Path(directory).resolve() if directory else CHECKOUT_BUILD
    blp = Blueprint("console", __name__, url_prefix="/admin")

    def index() -> Response:
        if not (root / "index.html").is_file():
            return Response(
                NOT_BUILT.format(root=root),
                status=503,
                mimetype="text/html",
                headers={"Cache-Control": "no-store", "Retry-After": "60"},
            )
        answer = send_from_directory(root, "index.html", max_age=0)
        answer.headers["Cache-Control"] = "no-cache"
        return answer

    @blp.get("/")
    @blp.get("/<path:path>")
    def console(path: str = "") -> Response:
        if path.startswith(f"{ASSETS}/"):
            answer = send_from_directory(root, path)  # 404 when absent
            answer.headers["Cache-Control"] = IMMUTABLE
            return answer
        found = safe_join(str(root), path) if path else None
        if found is not None and Path(found).is_file():
            answer = send_from_directory(root, path, max_age=3600)
            return answer
        if path and path.rsplit("/", 1)[-1].count(".") and not path.endswith(".html"):
            abort(404)  # a missing file (robots.txt, x.js): not the app's page
        return index()

    return blp
