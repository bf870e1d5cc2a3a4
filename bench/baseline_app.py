"""The baseline: a bare Flask + SQLAlchemy app with the same two shapes of work as Tuition.

``GET /select50`` selects 50 course rows with the ORM and returns them as JSON;
``POST /insert`` inserts one row from a JSON body and returns it (201). No auth, no
tenants, no schemas, no plugins: what is left is the cost of the web stack, the ORM and
PostgreSQL, which is what Tuition's figures are divided by.

Run with ``gunicorn --pythonpath bench baseline_app:app`` and ``BENCH_DATABASE_URL`` set;
:func:`seed` creates and fills the tables first.
"""

from __future__ import annotations

import os
import secrets
from datetime import UTC, datetime
from typing import Any

from flask import Flask, jsonify, request
from flask.typing import ResponseReturnValue
from sqlalchemy import DateTime, Engine, String, Text, create_engine, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

COURSE_COUNT = 50


class Base(DeclarativeBase):
    """Declarative base of the baseline's two tables."""


class BenchCourse(Base):
    """A course row shaped like Tuition's (a few strings, a price, timestamps)."""

    __tablename__ = "bench_courses"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16))
    pricing_model: Mapped[str] = mapped_column(String(64))
    capacity: Mapped[int | None] = mapped_column(default=None)
    seats_taken: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class BenchInsert(Base):
    """One row per ``POST /insert``."""

    __tablename__ = "bench_inserts"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    course: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


def seed(engine: Engine) -> None:
    """Create both tables and the 50 published courses."""
    Base.metadata.create_all(engine)
    now = datetime.now(UTC)
    with Session(engine) as session:
        session.add_all(
            BenchCourse(
                id=f"crs_{i:016x}",
                slug=f"course-{i:02d}",
                title=f"Course {i}",
                summary="A course for the benchmark.",
                status="published",
                pricing_model="free",
                created_at=now,
            )
            for i in range(1, COURSE_COUNT + 1)
        )
        session.commit()


def _course_json(course: BenchCourse) -> dict[str, Any]:
    return {
        "id": course.id,
        "slug": course.slug,
        "title": course.title,
        "summary": course.summary,
        "pricing_model": course.pricing_model,
        "capacity": course.capacity,
        "seats_taken": course.seats_taken,
        "created_at": course.created_at.isoformat(),
    }


def create_app(database_url: str) -> Flask:
    """The baseline application on ``database_url`` (a default SQLAlchemy engine)."""
    app = Flask("bench_baseline")
    engine = create_engine(database_url)

    @app.get("/select50")
    def select50() -> ResponseReturnValue:
        with Session(engine) as session:
            rows = session.scalars(
                select(BenchCourse)
                .where(BenchCourse.status == "published")
                .order_by(BenchCourse.created_at, BenchCourse.id)
                .limit(COURSE_COUNT)
            ).all()
            return jsonify({"items": [_course_json(c) for c in rows]})

    @app.post("/insert")
    def insert() -> ResponseReturnValue:
        body = request.get_json()
        row = BenchInsert(
            id=f"ins_{secrets.token_hex(8)}",
            course=str(body["course"]),
            created_at=datetime.now(UTC),
        )
        with Session(engine) as session:
            session.add(row)
            session.commit()
            return jsonify(
                {"id": row.id, "course": row.course, "created_at": row.created_at.isoformat()}
            ), 201

    return app


def _app_from_env() -> Flask | None:
    url = os.environ.get("BENCH_DATABASE_URL")
    return create_app(url) if url else None


app = _app_from_env()
