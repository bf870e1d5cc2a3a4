from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.admin_enrollment_out import AdminEnrollmentOut
from ...models.end_enrollment import EndEnrollment
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    enrollment_id: str,
    *,
    body: EndEnrollment | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/admin/enrollments/{enrollment_id}/end".format(enrollment_id=quote(str(enrollment_id), safe=""),),
    }

    
    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> AdminEnrollmentOut | Problem:
    if response.status_code == 200:
        response_200 = AdminEnrollmentOut.from_dict(response.json())



        return response_200

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



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[AdminEnrollmentOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    enrollment_id: str,
    *,
    client: AuthenticatedClient,
    body: EndEnrollment | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Response[AdminEnrollmentOut | Problem]:
    """ End an active or completed enrollment: it becomes ``canceled``, its seats are
    released (the course's, the cohort's) and ``enrollment.ended`` is emitted; a paid
    order is not refunded (refund the order for that). Idempotent; 409
    ``enrollment_not_active`` for a pending enrollment (its checkout is open).

    Args:
        enrollment_id (str):
        idempotency_key (str | Unset):
        body (EndEnrollment | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AdminEnrollmentOut | Problem]
     """


    kwargs = _get_kwargs(
        enrollment_id=enrollment_id,
body=body,
idempotency_key=idempotency_key,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    enrollment_id: str,
    *,
    client: AuthenticatedClient,
    body: EndEnrollment | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> AdminEnrollmentOut | Problem | None:
    """ End an active or completed enrollment: it becomes ``canceled``, its seats are
    released (the course's, the cohort's) and ``enrollment.ended`` is emitted; a paid
    order is not refunded (refund the order for that). Idempotent; 409
    ``enrollment_not_active`` for a pending enrollment (its checkout is open).

    Args:
        enrollment_id (str):
        idempotency_key (str | Unset):
        body (EndEnrollment | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AdminEnrollmentOut | Problem
     """


    return sync_detailed(
        enrollment_id=enrollment_id,
client=client,
body=body,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    enrollment_id: str,
    *,
    client: AuthenticatedClient,
    body: EndEnrollment | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Response[AdminEnrollmentOut | Problem]:
    """ End an active or completed enrollment: it becomes ``canceled``, its seats are
    released (the course's, the cohort's) and ``enrollment.ended`` is emitted; a paid
    order is not refunded (refund the order for that). Idempotent; 409
    ``enrollment_not_active`` for a pending enrollment (its checkout is open).

    Args:
        enrollment_id (str):
        idempotency_key (str | Unset):
        body (EndEnrollment | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AdminEnrollmentOut | Problem]
     """


    kwargs = _get_kwargs(
        enrollment_id=enrollment_id,
body=body,
idempotency_key=idempotency_key,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    enrollment_id: str,
    *,
    client: AuthenticatedClient,
    body: EndEnrollment | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> AdminEnrollmentOut | Problem | None:
    """ End an active or completed enrollment: it becomes ``canceled``, its seats are
    released (the course's, the cohort's) and ``enrollment.ended`` is emitted; a paid
    order is not refunded (refund the order for that). Idempotent; 409
    ``enrollment_not_active`` for a pending enrollment (its checkout is open).

    Args:
        enrollment_id (str):
        idempotency_key (str | Unset):
        body (EndEnrollment | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AdminEnrollmentOut | Problem
     """


    return (await asyncio_detailed(
        enrollment_id=enrollment_id,
client=client,
body=body,
idempotency_key=idempotency_key,

    )).parsed
