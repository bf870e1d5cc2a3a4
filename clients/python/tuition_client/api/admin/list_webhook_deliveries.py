from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.list_webhook_deliveries_status import ListWebhookDeliveriesStatus
from ...models.problem import Problem
from ...models.webhook_delivery_page import WebhookDeliveryPage
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    endpoint_id: str,
    *,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
    status: ListWebhookDeliveriesStatus | Unset = UNSET,

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
        "url": "/v1/admin/webhook-endpoints/{endpoint_id}/deliveries".format(endpoint_id=quote(str(endpoint_id), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | WebhookDeliveryPage:
    if response.status_code == 200:
        response_200 = WebhookDeliveryPage.from_dict(response.json())



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



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | WebhookDeliveryPage]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    endpoint_id: str,
    *,
    client: AuthenticatedClient,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
    status: ListWebhookDeliveriesStatus | Unset = UNSET,

) -> Response[Problem | WebhookDeliveryPage]:
    """ The endpoint's deliveries, newest first, optionally of one ``status``.

    Args:
        endpoint_id (str):
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 20.
        status (ListWebhookDeliveriesStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WebhookDeliveryPage]
     """


    kwargs = _get_kwargs(
        endpoint_id=endpoint_id,
page=page,
page_size=page_size,
status=status,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    endpoint_id: str,
    *,
    client: AuthenticatedClient,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
    status: ListWebhookDeliveriesStatus | Unset = UNSET,

) -> Problem | WebhookDeliveryPage | None:
    """ The endpoint's deliveries, newest first, optionally of one ``status``.

    Args:
        endpoint_id (str):
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 20.
        status (ListWebhookDeliveriesStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WebhookDeliveryPage
     """


    return sync_detailed(
        endpoint_id=endpoint_id,
client=client,
page=page,
page_size=page_size,
status=status,

    ).parsed

async def asyncio_detailed(
    endpoint_id: str,
    *,
    client: AuthenticatedClient,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
    status: ListWebhookDeliveriesStatus | Unset = UNSET,

) -> Response[Problem | WebhookDeliveryPage]:
    """ The endpoint's deliveries, newest first, optionally of one ``status``.

    Args:
        endpoint_id (str):
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 20.
        status (ListWebhookDeliveriesStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WebhookDeliveryPage]
     """


    kwargs = _get_kwargs(
        endpoint_id=endpoint_id,
page=page,
page_size=page_size,
status=status,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    endpoint_id: str,
    *,
    client: AuthenticatedClient,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
    status: ListWebhookDeliveriesStatus | Unset = UNSET,

) -> Problem | WebhookDeliveryPage | None:
    """ The endpoint's deliveries, newest first, optionally of one ``status``.

    Args:
        endpoint_id (str):
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 20.
        status (ListWebhookDeliveriesStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WebhookDeliveryPage
     """


    return (await asyncio_detailed(
        endpoint_id=endpoint_id,
client=client,
page=page,
page_size=page_size,
status=status,

    )).parsed
