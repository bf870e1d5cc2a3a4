from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.charges_result import ChargesResult
from ...models.problem import Problem
from typing import cast



def _get_kwargs(
    tenant: str,
    order_id: str,

) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/dummy/checkout/{tenant}/{order_id}/renewals".format(tenant=quote(str(tenant), safe=""),order_id=quote(str(order_id), safe=""),),
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ChargesResult | Problem:
    if response.status_code == 200:
        response_200 = ChargesResult.from_dict(response.json())



        return response_200

    response_default = Problem.from_dict(response.json())



    return response_default



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ChargesResult | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    tenant: str,
    order_id: str,
    *,
    client: AuthenticatedClient | Client,

) -> Response[ChargesResult | Problem]:
    """ Deliver the schedule's webhooks held back by ``withhold_webhooks`` now.

    Args:
        tenant (str):
        order_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ChargesResult | Problem]
     """


    kwargs = _get_kwargs(
        tenant=tenant,
order_id=order_id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    tenant: str,
    order_id: str,
    *,
    client: AuthenticatedClient | Client,

) -> ChargesResult | Problem | None:
    """ Deliver the schedule's webhooks held back by ``withhold_webhooks`` now.

    Args:
        tenant (str):
        order_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ChargesResult | Problem
     """


    return sync_detailed(
        tenant=tenant,
order_id=order_id,
client=client,

    ).parsed

async def asyncio_detailed(
    tenant: str,
    order_id: str,
    *,
    client: AuthenticatedClient | Client,

) -> Response[ChargesResult | Problem]:
    """ Deliver the schedule's webhooks held back by ``withhold_webhooks`` now.

    Args:
        tenant (str):
        order_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ChargesResult | Problem]
     """


    kwargs = _get_kwargs(
        tenant=tenant,
order_id=order_id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    tenant: str,
    order_id: str,
    *,
    client: AuthenticatedClient | Client,

) -> ChargesResult | Problem | None:
    """ Deliver the schedule's webhooks held back by ``withhold_webhooks`` now.

    Args:
        tenant (str):
        order_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ChargesResult | Problem
     """


    return (await asyncio_detailed(
        tenant=tenant,
order_id=order_id,
client=client,

    )).parsed
