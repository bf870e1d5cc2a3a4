from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.identity_sign_in import IdentitySignIn
from ...models.problem import Problem
from ...models.staff_token_out import StaffTokenOut
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    body: IdentitySignIn,
    idempotency_key: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/staff/sign-in:identity",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | StaffTokenOut:
    if response.status_code == 200:
        response_200 = StaffTokenOut.from_dict(response.json())



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



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | StaffTokenOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: IdentitySignIn,
    idempotency_key: str | Unset = UNSET,

) -> Response[Problem | StaffTokenOut]:
    """ Sign in with a token of the site's identity provider, as the member who accepted
    their invitation with that identity (no TOTP code: the provider authenticated).
    401 ``invalid_token`` for a token the site does not trust, ``unknown_identity``
    when no member accepted with it.

    Args:
        idempotency_key (str | Unset):
        body (IdentitySignIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | StaffTokenOut]
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
    body: IdentitySignIn,
    idempotency_key: str | Unset = UNSET,

) -> Problem | StaffTokenOut | None:
    """ Sign in with a token of the site's identity provider, as the member who accepted
    their invitation with that identity (no TOTP code: the provider authenticated).
    401 ``invalid_token`` for a token the site does not trust, ``unknown_identity``
    when no member accepted with it.

    Args:
        idempotency_key (str | Unset):
        body (IdentitySignIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | StaffTokenOut
     """


    return sync_detailed(
        client=client,
body=body,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: IdentitySignIn,
    idempotency_key: str | Unset = UNSET,

) -> Response[Problem | StaffTokenOut]:
    """ Sign in with a token of the site's identity provider, as the member who accepted
    their invitation with that identity (no TOTP code: the provider authenticated).
    401 ``invalid_token`` for a token the site does not trust, ``unknown_identity``
    when no member accepted with it.

    Args:
        idempotency_key (str | Unset):
        body (IdentitySignIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | StaffTokenOut]
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
    body: IdentitySignIn,
    idempotency_key: str | Unset = UNSET,

) -> Problem | StaffTokenOut | None:
    """ Sign in with a token of the site's identity provider, as the member who accepted
    their invitation with that identity (no TOTP code: the provider authenticated).
    401 ``invalid_token`` for a token the site does not trust, ``unknown_identity``
    when no member accepted with it.

    Args:
        idempotency_key (str | Unset):
        body (IdentitySignIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | StaffTokenOut
     """


    return (await asyncio_detailed(
        client=client,
body=body,
idempotency_key=idempotency_key,

    )).parsed
