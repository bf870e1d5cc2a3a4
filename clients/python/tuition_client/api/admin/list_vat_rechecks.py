from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.list_vat_rechecks_status import ListVatRechecksStatus
from ...models.problem import Problem
from ...models.vat_recheck_page import VatRecheckPage
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
    status: ListVatRechecksStatus | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["page"] = page

    params["page_size"] = page_size

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/admin/taxes/vat-rechecks",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | VatRecheckPage:
    if response.status_code == 200:
        response_200 = VatRecheckPage.from_dict(response.json())



        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())



        return response_404

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())



        return response_422

    response_default = Problem.from_dict(response.json())



    return response_default



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | VatRecheckPage]:
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
    status: ListVatRechecksStatus | Unset = UNSET,

) -> Response[Problem | VatRecheckPage]:
    """ The sales whose buyer's VAT ID VIES could not check when they were made, newest
    first; ``status=invalid`` keeps those VIES later said are not registered.

    Args:
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 20.
        status (ListVatRechecksStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | VatRecheckPage]
     """


    kwargs = _get_kwargs(
        page=page,
page_size=page_size,
status=status,

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
    status: ListVatRechecksStatus | Unset = UNSET,

) -> Problem | VatRecheckPage | None:
    """ The sales whose buyer's VAT ID VIES could not check when they were made, newest
    first; ``status=invalid`` keeps those VIES later said are not registered.

    Args:
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 20.
        status (ListVatRechecksStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | VatRecheckPage
     """


    return sync_detailed(
        client=client,
page=page,
page_size=page_size,
status=status,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
    status: ListVatRechecksStatus | Unset = UNSET,

) -> Response[Problem | VatRecheckPage]:
    """ The sales whose buyer's VAT ID VIES could not check when they were made, newest
    first; ``status=invalid`` keeps those VIES later said are not registered.

    Args:
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 20.
        status (ListVatRechecksStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | VatRecheckPage]
     """


    kwargs = _get_kwargs(
        page=page,
page_size=page_size,
status=status,

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
    status: ListVatRechecksStatus | Unset = UNSET,

) -> Problem | VatRecheckPage | None:
    """ The sales whose buyer's VAT ID VIES could not check when they were made, newest
    first; ``status=invalid`` keeps those VIES later said are not registered.

    Args:
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 20.
        status (ListVatRechecksStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | VatRecheckPage
     """


    return (await asyncio_detailed(
        client=client,
page=page,
page_size=page_size,
status=status,

    )).parsed
