from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.console_sign_in_out import ConsoleSignInOut
from ...models.problem import Problem
from typing import cast



def _get_kwargs(
    
) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/staff/identity-provider",
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ConsoleSignInOut | Problem:
    if response.status_code == 200:
        response_200 = ConsoleSignInOut.from_dict(response.json())



        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    response_default = Problem.from_dict(response.json())



    return response_default



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ConsoleSignInOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,

) -> Response[ConsoleSignInOut | Problem]:
    """ How the console signs staff in with the site's identity provider (OAuth 2.0
    authorization code with PKCE): its endpoints and the console's client id, from
    ``identity_provider.console``; ``enabled`` false without one.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConsoleSignInOut | Problem]
     """


    kwargs = _get_kwargs(
        
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,

) -> ConsoleSignInOut | Problem | None:
    """ How the console signs staff in with the site's identity provider (OAuth 2.0
    authorization code with PKCE): its endpoints and the console's client id, from
    ``identity_provider.console``; ``enabled`` false without one.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConsoleSignInOut | Problem
     """


    return sync_detailed(
        client=client,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,

) -> Response[ConsoleSignInOut | Problem]:
    """ How the console signs staff in with the site's identity provider (OAuth 2.0
    authorization code with PKCE): its endpoints and the console's client id, from
    ``identity_provider.console``; ``enabled`` false without one.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConsoleSignInOut | Problem]
     """


    kwargs = _get_kwargs(
        
    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,

) -> ConsoleSignInOut | Problem | None:
    """ How the console signs staff in with the site's identity provider (OAuth 2.0
    authorization code with PKCE): its endpoints and the console's client id, from
    ``identity_provider.console``; ``enabled`` false without one.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConsoleSignInOut | Problem
     """


    return (await asyncio_detailed(
        client=client,

    )).parsed
