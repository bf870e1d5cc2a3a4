from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem import Problem
from ...models.tenant_page import TenantPage
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
    q: str | Unset = UNSET,
    suspended: bool | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["page"] = page

    params["page_size"] = page_size

    params["q"] = q

    params["suspended"] = suspended


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/tenants",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | TenantPage:
    if response.status_code == 200:
        response_200 = TenantPage.from_dict(response.json())



        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())



        return response_422

    response_default = Problem.from_dict(response.json())



    return response_default



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | TenantPage]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
    q: str | Unset = UNSET,
    suspended: bool | Unset = UNSET,

) -> Response[Problem | TenantPage]:
    """ Every site, newest first, searched by ``q`` (part of the slug or name) and
    filtered by ``suspended``.

    Args:
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 20.
        q (str | Unset):
        suspended (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TenantPage]
     """


    kwargs = _get_kwargs(
        page=page,
page_size=page_size,
q=q,
suspended=suspended,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
    q: str | Unset = UNSET,
    suspended: bool | Unset = UNSET,

) -> Problem | TenantPage | None:
    """ Every site, newest first, searched by ``q`` (part of the slug or name) and
    filtered by ``suspended``.

    Args:
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 20.
        q (str | Unset):
        suspended (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TenantPage
     """


    return sync_detailed(
        client=client,
page=page,
page_size=page_size,
q=q,
suspended=suspended,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
    q: str | Unset = UNSET,
    suspended: bool | Unset = UNSET,

) -> Response[Problem | TenantPage]:
    """ Every site, newest first, searched by ``q`` (part of the slug or name) and
    filtered by ``suspended``.

    Args:
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 20.
        q (str | Unset):
        suspended (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TenantPage]
     """


    kwargs = _get_kwargs(
        page=page,
page_size=page_size,
q=q,
suspended=suspended,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
    q: str | Unset = UNSET,
    suspended: bool | Unset = UNSET,

) -> Problem | TenantPage | None:
    """ Every site, newest first, searched by ``q`` (part of the slug or name) and
    filtered by ``suspended``.

    Args:
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 20.
        q (str | Unset):
        suspended (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TenantPage
     """


    return (await asyncio_detailed(
        client=client,
page=page,
page_size=page_size,
q=q,
suspended=suspended,

    )).parsed
