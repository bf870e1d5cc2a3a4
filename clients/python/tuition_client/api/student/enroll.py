from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.enrollment_out import EnrollmentOut
from ...models.enrollment_request import EnrollmentRequest
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    body: EnrollmentRequest,
    idempotency_key: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/enrollments",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> EnrollmentOut | Problem:
    if response.status_code == 201:
        response_201 = EnrollmentOut.from_dict(response.json())



        return response_201

    if response.status_code == 202:
        response_202 = EnrollmentOut.from_dict(response.json())



        return response_202

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

    if response.status_code == 502:
        response_502 = Problem.from_dict(response.json())



        return response_502

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())



        return response_503

    response_default = Problem.from_dict(response.json())



    return response_default



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[EnrollmentOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: EnrollmentRequest,
    idempotency_key: str | Unset = UNSET,

) -> Response[EnrollmentOut | Problem]:
    """ Enroll the signed-in student in a course.

     A paid course's checkout is made by the tenant's payment provider: if it fails, the
    seat held for it is released and the answer is 502 ``payment_provider_error`` or
    503 ``payment_provider_unavailable`` (with ``Retry-After``); enrolling again may
    succeed.

    Args:
        idempotency_key (str | Unset):
        body (EnrollmentRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnrollmentOut | Problem]
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
    body: EnrollmentRequest,
    idempotency_key: str | Unset = UNSET,

) -> EnrollmentOut | Problem | None:
    """ Enroll the signed-in student in a course.

     A paid course's checkout is made by the tenant's payment provider: if it fails, the
    seat held for it is released and the answer is 502 ``payment_provider_error`` or
    503 ``payment_provider_unavailable`` (with ``Retry-After``); enrolling again may
    succeed.

    Args:
        idempotency_key (str | Unset):
        body (EnrollmentRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnrollmentOut | Problem
     """


    return sync_detailed(
        client=client,
body=body,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: EnrollmentRequest,
    idempotency_key: str | Unset = UNSET,

) -> Response[EnrollmentOut | Problem]:
    """ Enroll the signed-in student in a course.

     A paid course's checkout is made by the tenant's payment provider: if it fails, the
    seat held for it is released and the answer is 502 ``payment_provider_error`` or
    503 ``payment_provider_unavailable`` (with ``Retry-After``); enrolling again may
    succeed.

    Args:
        idempotency_key (str | Unset):
        body (EnrollmentRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnrollmentOut | Problem]
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
    body: EnrollmentRequest,
    idempotency_key: str | Unset = UNSET,

) -> EnrollmentOut | Problem | None:
    """ Enroll the signed-in student in a course.

     A paid course's checkout is made by the tenant's payment provider: if it fails, the
    seat held for it is released and the answer is 502 ``payment_provider_error`` or
    503 ``payment_provider_unavailable`` (with ``Retry-After``); enrolling again may
    succeed.

    Args:
        idempotency_key (str | Unset):
        body (EnrollmentRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnrollmentOut | Problem
     """


    return (await asyncio_detailed(
        client=client,
body=body,
idempotency_key=idempotency_key,

    )).parsed
