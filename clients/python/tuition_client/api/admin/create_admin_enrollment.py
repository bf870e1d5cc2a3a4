from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.admin_enrollment_create import AdminEnrollmentCreate
from ...models.admin_enrollment_created import AdminEnrollmentCreated
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    body: AdminEnrollmentCreate,
    idempotency_key: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/admin/enrollments",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> AdminEnrollmentCreated | Problem:
    if response.status_code == 201:
        response_201 = AdminEnrollmentCreated.from_dict(response.json())



        return response_201

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())



        return response_404

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())



        return response_409

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())



        return response_422

    response_default = Problem.from_dict(response.json())



    return response_default



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[AdminEnrollmentCreated | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: AdminEnrollmentCreate,
    idempotency_key: str | Unset = UNSET,

) -> Response[AdminEnrollmentCreated | Problem]:
    """ Enroll a student by hand, active at once: an existing one (``student`` id or
    ``email``) or someone invited by ``email`` (a student without a password is made
    and ``student.invited`` mails a link to choose one), in a course or one of its
    cohorts (the plugins' enrollment fields), ``complimentary`` or paid outside Tuition
    (``external_reference``), taking a seat or, with ``take_seat: false``, beyond
    capacity. 404 for an unknown course or student; 409 ``already_enrolled``,
    ``course_full`` (or the plugins' problems, e.g. ``cohort_full``).

    Args:
        idempotency_key (str | Unset):
        body (AdminEnrollmentCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AdminEnrollmentCreated | Problem]
     """


    kwargs = _get_kwargs(
        body=body,
idempotency_key=idempotency_key,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    body: AdminEnrollmentCreate,
    idempotency_key: str | Unset = UNSET,

) -> AdminEnrollmentCreated | Problem | None:
    """ Enroll a student by hand, active at once: an existing one (``student`` id or
    ``email``) or someone invited by ``email`` (a student without a password is made
    and ``student.invited`` mails a link to choose one), in a course or one of its
    cohorts (the plugins' enrollment fields), ``complimentary`` or paid outside Tuition
    (``external_reference``), taking a seat or, with ``take_seat: false``, beyond
    capacity. 404 for an unknown course or student; 409 ``already_enrolled``,
    ``course_full`` (or the plugins' problems, e.g. ``cohort_full``).

    Args:
        idempotency_key (str | Unset):
        body (AdminEnrollmentCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AdminEnrollmentCreated | Problem
     """


    return sync_detailed(
        client=client,
body=body,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: AdminEnrollmentCreate,
    idempotency_key: str | Unset = UNSET,

) -> Response[AdminEnrollmentCreated | Problem]:
    """ Enroll a student by hand, active at once: an existing one (``student`` id or
    ``email``) or someone invited by ``email`` (a student without a password is made
    and ``student.invited`` mails a link to choose one), in a course or one of its
    cohorts (the plugins' enrollment fields), ``complimentary`` or paid outside Tuition
    (``external_reference``), taking a seat or, with ``take_seat: false``, beyond
    capacity. 404 for an unknown course or student; 409 ``already_enrolled``,
    ``course_full`` (or the plugins' problems, e.g. ``cohort_full``).

    Args:
        idempotency_key (str | Unset):
        body (AdminEnrollmentCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AdminEnrollmentCreated | Problem]
     """


    kwargs = _get_kwargs(
        body=body,
idempotency_key=idempotency_key,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    body: AdminEnrollmentCreate,
    idempotency_key: str | Unset = UNSET,

) -> AdminEnrollmentCreated | Problem | None:
    """ Enroll a student by hand, active at once: an existing one (``student`` id or
    ``email``) or someone invited by ``email`` (a student without a password is made
    and ``student.invited`` mails a link to choose one), in a course or one of its
    cohorts (the plugins' enrollment fields), ``complimentary`` or paid outside Tuition
    (``external_reference``), taking a seat or, with ``take_seat: false``, beyond
    capacity. 404 for an unknown course or student; 409 ``already_enrolled``,
    ``course_full`` (or the plugins' problems, e.g. ``cohort_full``).

    Args:
        idempotency_key (str | Unset):
        body (AdminEnrollmentCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AdminEnrollmentCreated | Problem
     """


    return (await asyncio_detailed(
        client=client,
body=body,
idempotency_key=idempotency_key,

    )).parsed
