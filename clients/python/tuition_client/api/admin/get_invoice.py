from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.invoice_out import InvoiceOut
from ...models.problem import Problem
from typing import cast



def _get_kwargs(
    invoice_id: str,

) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/admin/invoices/{invoice_id}".format(invoice_id=quote(str(invoice_id), safe=""),),
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> InvoiceOut | Problem:
    if response.status_code == 200:
        response_200 = InvoiceOut.from_dict(response.json())



        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())



        return response_404

    response_default = Problem.from_dict(response.json())



    return response_default



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[InvoiceOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    invoice_id: str,
    *,
    client: AuthenticatedClient,

) -> Response[InvoiceOut | Problem]:
    """ One invoice or credit note (``invoice_not_found``: 404).

    Args:
        invoice_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InvoiceOut | Problem]
     """


    kwargs = _get_kwargs(
        invoice_id=invoice_id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    invoice_id: str,
    *,
    client: AuthenticatedClient,

) -> InvoiceOut | Problem | None:
    """ One invoice or credit note (``invoice_not_found``: 404).

    Args:
        invoice_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InvoiceOut | Problem
     """


    return sync_detailed(
        invoice_id=invoice_id,
client=client,

    ).parsed

async def asyncio_detailed(
    invoice_id: str,
    *,
    client: AuthenticatedClient,

) -> Response[InvoiceOut | Problem]:
    """ One invoice or credit note (``invoice_not_found``: 404).

    Args:
        invoice_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InvoiceOut | Problem]
     """


    kwargs = _get_kwargs(
        invoice_id=invoice_id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    invoice_id: str,
    *,
    client: AuthenticatedClient,

) -> InvoiceOut | Problem | None:
    """ One invoice or credit note (``invoice_not_found``: 404).

    Args:
        invoice_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InvoiceOut | Problem
     """


    return (await asyncio_detailed(
        invoice_id=invoice_id,
client=client,

    )).parsed
