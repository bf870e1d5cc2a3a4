from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.discount_redemption_page import DiscountRedemptionPage
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    code_id: str,
    *,
    page: int | Unset = 1,
    page_size: int | Unset = 20,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["page"] = page

    params["page_size"] = page_size


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/admin/discounts/codes/{code_id}/redemptions".format(code_id=quote(str(code_id), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> DiscountRedemptionPage | Problem:
    if response.status_code == 200:
        response_200 = DiscountRedemptionPage.from_dict(response.json())



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



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[DiscountRedemptionPage | Problem]:
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
    page: int | Unset = 1,
    page_size: int | Unset = 20,

) -> Response[DiscountRedemptionPage | Problem]:
    """ Who used the code, newest first: held (checkout open), used, or released (the
    checkout ended unpaid and the use went back to the code).

    Args:
        code_id (str):
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DiscountRedemptionPage | Problem]
     """


    kwargs = _get_kwargs(
        code_id=code_id,
page=page,
page_size=page_size,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    code_id: str,
    *,
    client: AuthenticatedClient,
    page: int | Unset = 1,
    page_size: int | Unset = 20,

) -> DiscountRedemptionPage | Problem | None:
    """ Who used the code, newest first: held (checkout open), used, or released (the
    checkout ended unpaid and the use went back to the code).

    Args:
        code_id (str):
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DiscountRedemptionPage | Problem
     """


    return sync_detailed(
        code_id=code_id,
client=client,
page=page,
page_size=page_size,

    ).parsed

async def asyncio_detailed(
    code_id: str,
    *,
    client: AuthenticatedClient,
    page: int | Unset = 1,
    page_size: int | Unset = 20,

) -> Response[DiscountRedemptionPage | Problem]:
    """ Who used the code, newest first: held (checkout open), used, or released (the
    checkout ended unpaid and the use went back to the code).

    Args:
        code_id (str):
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DiscountRedemptionPage | Problem]
     """


    kwargs = _get_kwargs(
        code_id=code_id,
page=page,
page_size=page_size,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    code_id: str,
    *,
    client: AuthenticatedClient,
    page: int | Unset = 1,
    page_size: int | Unset = 20,

) -> DiscountRedemptionPage | Problem | None:
    """ Who used the code, newest first: held (checkout open), used, or released (the
    checkout ended unpaid and the use went back to the code).

    Args:
        code_id (str):
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DiscountRedemptionPage | Problem
     """


    return (await asyncio_detailed(
        code_id=code_id,
client=client,
page=page,
page_size=page_size,

    )).parsed
