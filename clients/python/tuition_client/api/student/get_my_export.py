from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.export_job_out import ExportJobOut
from ...models.problem import Problem
from typing import cast



def _get_kwargs(
    export_id: str,

) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/me/exports/{export_id}".format(export_id=quote(str(export_id), safe=""),),
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ExportJobOut | Problem:
    if response.status_code == 200:
        response_200 = ExportJobOut.from_dict(response.json())



        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())



        return response_404

    response_default = Problem.from_dict(response.json())



    return response_default



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ExportJobOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    export_id: str,
    *,
    client: AuthenticatedClient,

) -> Response[ExportJobOut | Problem]:
    """ The signed-in student's large export: its status, and its link once ready.

    Args:
        export_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ExportJobOut | Problem]
     """


    kwargs = _get_kwargs(
        export_id=export_id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    export_id: str,
    *,
    client: AuthenticatedClient,

) -> ExportJobOut | Problem | None:
    """ The signed-in student's large export: its status, and its link once ready.

    Args:
        export_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ExportJobOut | Problem
     """


    return sync_detailed(
        export_id=export_id,
client=client,

    ).parsed

async def asyncio_detailed(
    export_id: str,
    *,
    client: AuthenticatedClient,

) -> Response[ExportJobOut | Problem]:
    """ The signed-in student's large export: its status, and its link once ready.

    Args:
        export_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ExportJobOut | Problem]
     """


    kwargs = _get_kwargs(
        export_id=export_id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    export_id: str,
    *,
    client: AuthenticatedClient,

) -> ExportJobOut | Problem | None:
    """ The signed-in student's large export: its status, and its link once ready.

    Args:
        export_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ExportJobOut | Problem
     """


    return (await asyncio_detailed(
        export_id=export_id,
client=client,

    )).parsed
