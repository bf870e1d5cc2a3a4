"""What a site owner sets on a course, under ``attributes.next_course``::

    {"offers": {"sql-masterclass": {"message": "Ready for more?",
                                    "price": {"amount": 7900, "currency": "EUR"}}}}

The courses offered are the course's ``next_courses`` (core); ``offers`` adds a message and
an offer price per next course.
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from tuition.plugin_api import Price, slug_field


class OfferSettings(Schema):
    message = fields.String(
        validate=validate.Length(min=1, max=500),
        metadata={"description": "Shown to the student as the reason (dashboard, mail)."},
    )
    price = fields.Nested(
        Price,
        metadata={
            "description": "Charged instead of the course's price when lower, same currency."
        },
    )


class NextCourseAttributes(Schema):
    offers = fields.Dict(
        keys=slug_field(), values=fields.Nested(OfferSettings), validate=validate.Length(max=50)
    )
