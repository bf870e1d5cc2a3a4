"""Liveness and readiness probes."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy import text

from tuition import metrics
from tuition.api.context import db, require_operator, tuition
from tuition.api.docs import OPERATOR, problems
from tuition.api.schemas import HealthOut

blp = Blueprint("health", __name__, description="Probes for load balancers.")


@blp.route("/healthz")
class Health(MethodView):
    @blp.doc(security=[], operationId="health", tags=["health"])
    @blp.response(200, HealthOut)
    def get(self) -> dict[str, Any]:
        """The process is up."""
        return {"status": "ok", "checks": {}}


@blp.route("/readyz")
class Ready(MethodView):
    @blp.doc(security=[], operationId="ready", tags=["health"])
    @blp.response(200, HealthOut)
    @blp.alt_response(503, schema=HealthOut, description="Not ready.")
    def get(self) -> Any:
        """The database answers; reports the job queue too."""
        checks: dict[str, str] = {}
        try:
            db().execute(text("SELECT 1"))
            checks["database"] = "ok"
        except Exception:
            checks["database"] = "unreachable"
        rt = tuition()
        if rt.jobs.mode == "rq":
            try:
                rt.jobs.queue().connection.ping()
                checks["jobs"] = "ok"
            except Exception:
                checks["jobs"] = "degraded"
        else:
            checks["jobs"] = "inline"
        if checks["database"] != "ok":
            return {"status": "unavailable", "checks": checks}, 503
        status = "degraded" if checks["jobs"] == "degraded" else "ok"
        return {"status": status, "checks": checks}


@blp.route("/metrics")
class Metrics(MethodView):
    @blp.doc(
        security=OPERATOR,
        operationId="metrics",
        tags=["health"],
        responses={
            "200": {
                "description": "The metrics.",
                "content": {"text/plain": {"schema": {"type": "string"}}},
            }
        },
    )
    @blp.response(200, content_type="text/plain")
    @problems(blp, 401)
    def get(self) -> Response:
        """Prometheus metrics (text exposition format), with the operator token: requests
        by route and status, latencies, enrollments and orders by state, job queue depth,
        webhook lag."""
        require_operator()
        return Response(
            metrics.render(tuition()), mimetype="text/plain; version=0.0.4; charset=utf-8"
        )
