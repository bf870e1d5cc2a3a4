from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem import Problem
from ...models.profile_in import ProfileIn
from ...models.student_out import StudentOut
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    body: ProfileIn,
    idempotency_key: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/v1/me",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | StudentOut:
    if response.status_code == 200:
        response_200 = StudentOut.from_dict(response.json())



        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())



        return response_409

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())



        return response_422

    response_default = Problem.from_dict(response.json())



    return response_default



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | StudentOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ProfileIn,
    idempotency_key: str | Unset = UNSET,

) -> Response[Problem | StudentOut]:
    """ Change the signed-in student's profile: ``locale``, their language (a BCP 47
    tag such as ``de`` or ``fr-FR``; null: none). Fields left out stay as they are.

    Args:
        idempotency_key (str | Unset):
        body (ProfileIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | StudentOut]
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
    body: ProfileIn,
    idempotency_key: str | Unset = UNSET,

) -> Problem | StudentOut | None:
    """ Change the signed-in student's profile: ``locale``, their language (a BCP 47
    tag such as ``de`` or ``fr-FR``; null: none). Fields left out stay as they are.

    Args:
        idempotency_key (str | Unset):
        body (ProfileIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | StudentOut
     """


    return sync_detailed(
        client=client,
body=body,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ProfileIn,
    idempotency_key: str | Unset = UNSET,

) -> Response[Problem | StudentOut]:
    """ Change the signed-in student's profile: ``locale``, their language (a BCP 47
    tag such as ``de`` or ``fr-FR``; null: none). Fields left out stay as they are.

    Args:
        idempotency_key (str | Unset):
        body (ProfileIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | StudentOut]
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
    body: ProfileIn,
    idempotency_key: str | Unset = UNSET,

) -> Problem | StudentOut | None:
    """ Change the signed-in student's profile: ``locale``, their language (a BCP 47
    tag such as ``de`` or ``fr-FR``; null: none). Fields left out stay as they are.

    Args:
        idempotency_key (str | Unset):
        body (ProfileIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | StudentOut
     """


    return (await asyncio_detailed(
        client=client,
body=body,
idempotency_key=idempotency_key,

    )).parsed
