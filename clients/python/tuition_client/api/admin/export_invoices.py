from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.export_invoices_format import ExportInvoicesFormat
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast
import datetime



def _get_kwargs(
    *,
    from_: datetime.date,
    to: datetime.date,
    format_: ExportInvoicesFormat | Unset = ExportInvoicesFormat.CSV,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_from_ = from_.isoformat()
    params["from"] = json_from_

    json_to = to.isoformat()
    params["to"] = json_to

    json_format_: str | Unset = UNSET
    if not isinstance(format_, Unset):
        json_format_ = format_.value

    params["format"] = json_format_


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/admin/invoices/export",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | Problem:
    if response.status_code == 200:
        response_200 = cast(Any, None)
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



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    from_: datetime.date,
    to: datetime.date,
    format_: ExportInvoicesFormat | Unset = ExportInvoicesFormat.CSV,

) -> Response[Any | Problem]:
    """ Every invoice and credit note issued in ``from``…``to`` (days, UTC, inclusive),
    oldest first, for the accountant: CSV, or ZIP with the PDFs and the CSV.

    Args:
        from_ (datetime.date):
        to (datetime.date):
        format_ (ExportInvoicesFormat | Unset):  Default: ExportInvoicesFormat.CSV.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
     """


    kwargs = _get_kwargs(
        from_=from_,
to=to,
format_=format_,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    from_: datetime.date,
    to: datetime.date,
    format_: ExportInvoicesFormat | Unset = ExportInvoicesFormat.CSV,

) -> Any | Problem | None:
    """ Every invoice and credit note issued in ``from``…``to`` (days, UTC, inclusive),
    oldest first, for the accountant: CSV, or ZIP with the PDFs and the CSV.

    Args:
        from_ (datetime.date):
        to (datetime.date):
        format_ (ExportInvoicesFormat | Unset):  Default: ExportInvoicesFormat.CSV.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
     """


    return sync_detailed(
        client=client,
from_=from_,
to=to,
format_=format_,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    from_: datetime.date,
    to: datetime.date,
    format_: ExportInvoicesFormat | Unset = ExportInvoicesFormat.CSV,

) -> Response[Any | Problem]:
    """ Every invoice and credit note issued in ``from``…``to`` (days, UTC, inclusive),
    oldest first, for the accountant: CSV, or ZIP with the PDFs and the CSV.

    Args:
        from_ (datetime.date):
        to (datetime.date):
        format_ (ExportInvoicesFormat | Unset):  Default: ExportInvoicesFormat.CSV.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
     """


    kwargs = _get_kwargs(
        from_=from_,
to=to,
format_=format_,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    from_: datetime.date,
    to: datetime.date,
    format_: ExportInvoicesFormat | Unset = ExportInvoicesFormat.CSV,

) -> Any | Problem | None:
    """ Every invoice and credit note issued in ``from``…``to`` (days, UTC, inclusive),
    oldest first, for the accountant: CSV, or ZIP with the PDFs and the CSV.

    Args:
        from_ (datetime.date):
        to (datetime.date):
        format_ (ExportInvoicesFormat | Unset):  Default: ExportInvoicesFormat.CSV.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
     """


    return (await asyncio_detailed(
        client=client,
from_=from_,
to=to,
format_=format_,

    )).parsed
