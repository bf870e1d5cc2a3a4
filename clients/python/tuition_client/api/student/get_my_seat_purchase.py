from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem import Problem
from ...models.seat_purchase_detail_out import SeatPurchaseDetailOut
from typing import cast



def _get_kwargs(
    purchase_id: str,

) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/me/seat-purchases/{purchase_id}".format(purchase_id=quote(str(purchase_id), safe=""),),
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | SeatPurchaseDetailOut:
    if response.status_code == 200:
        response_200 = SeatPurchaseDetailOut.from_dict(response.json())



        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())



        return response_404

    response_default = Problem.from_dict(response.json())



    return response_default



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | SeatPurchaseDetailOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    purchase_id: str,
    *,
    client: AuthenticatedClient,

) -> Response[Problem | SeatPurchaseDetailOut]:
    """ One of the student's seat purchases with its codes: who redeemed each and when.

    Args:
        purchase_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SeatPurchaseDetailOut]
     """


    kwargs = _get_kwargs(
        purchase_id=purchase_id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    purchase_id: str,
    *,
    client: AuthenticatedClient,

) -> Problem | SeatPurchaseDetailOut | None:
    """ One of the student's seat purchases with its codes: who redeemed each and when.

    Args:
        purchase_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SeatPurchaseDetailOut
     """


    return sync_detailed(
        purchase_id=purchase_id,
client=client,

    ).parsed

async def asyncio_detailed(
    purchase_id: str,
    *,
    client: AuthenticatedClient,

) -> Response[Problem | SeatPurchaseDetailOut]:
    """ One of the student's seat purchases with its codes: who redeemed each and when.

    Args:
        purchase_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SeatPurchaseDetailOut]
     """


    kwargs = _get_kwargs(
        purchase_id=purchase_id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    purchase_id: str,
    *,
    client: AuthenticatedClient,

) -> Problem | SeatPurchaseDetailOut | None:
    """ One of the student's seat purchases with its codes: who redeemed each and when.

    Args:
        purchase_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SeatPurchaseDetailOut
     """


    return (await asyncio_detailed(
        purchase_id=purchase_id,
client=client,

    )).parsed
