from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.key_created import KeyCreated
from ...models.key_rotate import KeyRotate
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    key_id: str,
    *,
    body: KeyRotate | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/admin/keys/{key_id}/rotate".format(key_id=quote(str(key_id), safe=""),),
    }

    
    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> KeyCreated | Problem:
    if response.status_code == 201:
        response_201 = KeyCreated.from_dict(response.json())



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



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[KeyCreated | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    key_id: str,
    *,
    client: AuthenticatedClient,
    body: KeyRotate | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Response[KeyCreated | Problem]:
    """ Replace a key with a new one of its kind (value in this answer only); the old
    key keeps working for ``grace_seconds`` (default 0: it stops now).

    Args:
        key_id (str):
        idempotency_key (str | Unset):
        body (KeyRotate | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[KeyCreated | Problem]
     """


    kwargs = _get_kwargs(
        key_id=key_id,
body=body,
idempotency_key=idempotency_key,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    key_id: str,
    *,
    client: AuthenticatedClient,
    body: KeyRotate | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> KeyCreated | Problem | None:
    """ Replace a key with a new one of its kind (value in this answer only); the old
    key keeps working for ``grace_seconds`` (default 0: it stops now).

    Args:
        key_id (str):
        idempotency_key (str | Unset):
        body (KeyRotate | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        KeyCreated | Problem
     """


    return sync_detailed(
        key_id=key_id,
client=client,
body=body,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    key_id: str,
    *,
    client: AuthenticatedClient,
    body: KeyRotate | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Response[KeyCreated | Problem]:
    """ Replace a key with a new one of its kind (value in this answer only); the old
    key keeps working for ``grace_seconds`` (default 0: it stops now).

    Args:
        key_id (str):
        idempotency_key (str | Unset):
        body (KeyRotate | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[KeyCreated | Problem]
     """


    kwargs = _get_kwargs(
        key_id=key_id,
body=body,
idempotency_key=idempotency_key,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    key_id: str,
    *,
    client: AuthenticatedClient,
    body: KeyRotate | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> KeyCreated | Problem | None:
    """ Replace a key with a new one of its kind (value in this answer only); the old
    key keeps working for ``grace_seconds`` (default 0: it stops now).

    Args:
        key_id (str):
        idempotency_key (str | Unset):
        body (KeyRotate | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        KeyCreated | Problem
     """


    return (await asyncio_detailed(
        key_id=key_id,
client=client,
body=body,
idempotency_key=idempotency_key,

    )).parsed
