from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem import Problem
from ...models.seat_code_out import SeatCodeOut
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    code_id: str,
    *,
    idempotency_key: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/admin/seats/codes/{code_id}/revoke".format(code_id=quote(str(code_id), safe=""),),
    }


    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | SeatCodeOut:
    if response.status_code == 200:
        response_200 = SeatCodeOut.from_dict(response.json())



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



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | SeatCodeOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    code_id: str,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,

) -> Response[Problem | SeatCodeOut]:
    """ Revoke an unused seat code (leaked, sent to the wrong person): it works no more
    and a new code replaces it (returned), so the buyer keeps the seat.
    ``seat_already_redeemed`` or ``seat_code_void`` (409) when it is not unused.

    Args:
        code_id (str):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SeatCodeOut]
     """


    kwargs = _get_kwargs(
        code_id=code_id,
idempotency_key=idempotency_key,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    code_id: str,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,

) -> Problem | SeatCodeOut | None:
    """ Revoke an unused seat code (leaked, sent to the wrong person): it works no more
    and a new code replaces it (returned), so the buyer keeps the seat.
    ``seat_already_redeemed`` or ``seat_code_void`` (409) when it is not unused.

    Args:
        code_id (str):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SeatCodeOut
     """


    return sync_detailed(
        code_id=code_id,
client=client,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    code_id: str,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,

) -> Response[Problem | SeatCodeOut]:
    """ Revoke an unused seat code (leaked, sent to the wrong person): it works no more
    and a new code replaces it (returned), so the buyer keeps the seat.
    ``seat_already_redeemed`` or ``seat_code_void`` (409) when it is not unused.

    Args:
        code_id (str):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SeatCodeOut]
     """


    kwargs = _get_kwargs(
        code_id=code_id,
idempotency_key=idempotency_key,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    code_id: str,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,

) -> Problem | SeatCodeOut | None:
    """ Revoke an unused seat code (leaked, sent to the wrong person): it works no more
    and a new code replaces it (returned), so the buyer keeps the seat.
    ``seat_already_redeemed`` or ``seat_code_void`` (409) when it is not unused.

    Args:
        code_id (str):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SeatCodeOut
     """


    return (await asyncio_detailed(
        code_id=code_id,
client=client,
idempotency_key=idempotency_key,

    )).parsed
