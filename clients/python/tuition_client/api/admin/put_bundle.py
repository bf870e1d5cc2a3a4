from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.bundle_out import BundleOut
from ...models.bundle_write import BundleWrite
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    bundle: str,
    *,
    body: BundleWrite,
    idempotency_key: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/admin/bundles/{bundle}".format(bundle=quote(str(bundle), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> BundleOut | Problem:
    if response.status_code == 200:
        response_200 = BundleOut.from_dict(response.json())



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



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[BundleOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    bundle: str,
    *,
    client: AuthenticatedClient,
    body: BundleWrite,
    idempotency_key: str | Unset = UNSET,

) -> Response[BundleOut | Problem]:
    """ Make course ``bundle`` (a slug) a bundle of ``courses`` (or change its courses).
    Each must be another course of the site, no bundle itself, named once.

    Args:
        bundle (str):
        idempotency_key (str | Unset):
        body (BundleWrite):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BundleOut | Problem]
     """


    kwargs = _get_kwargs(
        bundle=bundle,
body=body,
idempotency_key=idempotency_key,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    bundle: str,
    *,
    client: AuthenticatedClient,
    body: BundleWrite,
    idempotency_key: str | Unset = UNSET,

) -> BundleOut | Problem | None:
    """ Make course ``bundle`` (a slug) a bundle of ``courses`` (or change its courses).
    Each must be another course of the site, no bundle itself, named once.

    Args:
        bundle (str):
        idempotency_key (str | Unset):
        body (BundleWrite):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BundleOut | Problem
     """


    return sync_detailed(
        bundle=bundle,
client=client,
body=body,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    bundle: str,
    *,
    client: AuthenticatedClient,
    body: BundleWrite,
    idempotency_key: str | Unset = UNSET,

) -> Response[BundleOut | Problem]:
    """ Make course ``bundle`` (a slug) a bundle of ``courses`` (or change its courses).
    Each must be another course of the site, no bundle itself, named once.

    Args:
        bundle (str):
        idempotency_key (str | Unset):
        body (BundleWrite):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BundleOut | Problem]
     """


    kwargs = _get_kwargs(
        bundle=bundle,
body=body,
idempotency_key=idempotency_key,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    bundle: str,
    *,
    client: AuthenticatedClient,
    body: BundleWrite,
    idempotency_key: str | Unset = UNSET,

) -> BundleOut | Problem | None:
    """ Make course ``bundle`` (a slug) a bundle of ``courses`` (or change its courses).
    Each must be another course of the site, no bundle itself, named once.

    Args:
        bundle (str):
        idempotency_key (str | Unset):
        body (BundleWrite):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BundleOut | Problem
     """


    return (await asyncio_detailed(
        bundle=bundle,
client=client,
body=body,
idempotency_key=idempotency_key,

    )).parsed
