from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.bundle_out import BundleOut
from ...models.problem import Problem
from typing import cast



def _get_kwargs(
    bundle: str,

) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/admin/bundles/{bundle}".format(bundle=quote(str(bundle), safe=""),),
    }


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

) -> Response[BundleOut | Problem]:
    """ One bundle with its courses; 404 when the course is no bundle.

    Args:
        bundle (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BundleOut | Problem]
     """


    kwargs = _get_kwargs(
        bundle=bundle,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    bundle: str,
    *,
    client: AuthenticatedClient,

) -> BundleOut | Problem | None:
    """ One bundle with its courses; 404 when the course is no bundle.

    Args:
        bundle (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BundleOut | Problem
     """


    return sync_detailed(
        bundle=bundle,
client=client,

    ).parsed

async def asyncio_detailed(
    bundle: str,
    *,
    client: AuthenticatedClient,

) -> Response[BundleOut | Problem]:
    """ One bundle with its courses; 404 when the course is no bundle.

    Args:
        bundle (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BundleOut | Problem]
     """


    kwargs = _get_kwargs(
        bundle=bundle,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    bundle: str,
    *,
    client: AuthenticatedClient,

) -> BundleOut | Problem | None:
    """ One bundle with its courses; 404 when the course is no bundle.

    Args:
        bundle (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BundleOut | Problem
     """


    return (await asyncio_detailed(
        bundle=bundle,
client=client,

    )).parsed
