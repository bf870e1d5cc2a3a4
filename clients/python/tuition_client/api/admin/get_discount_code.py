from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.code_out import CodeOut
from ...models.problem import Problem
from typing import cast



def _get_kwargs(
    code_id: str,

) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/admin/discounts/codes/{code_id}".format(code_id=quote(str(code_id), safe=""),),
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> CodeOut | Problem:
    if response.status_code == 200:
        response_200 = CodeOut.from_dict(response.json())



        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())



        return response_404

    response_default = Problem.from_dict(response.json())



    return response_default



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[CodeOut | Problem]:
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

) -> Response[CodeOut | Problem]:
    """ One code with its totals: redemptions, revenue and discount given.

    Args:
        code_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CodeOut | Problem]
     """


    kwargs = _get_kwargs(
        code_id=code_id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    code_id: str,
    *,
    client: AuthenticatedClient,

) -> CodeOut | Problem | None:
    """ One code with its totals: redemptions, revenue and discount given.

    Args:
        code_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CodeOut | Problem
     """


    return sync_detailed(
        code_id=code_id,
client=client,

    ).parsed

async def asyncio_detailed(
    code_id: str,
    *,
    client: AuthenticatedClient,

) -> Response[CodeOut | Problem]:
    """ One code with its totals: redemptions, revenue and discount given.

    Args:
        code_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CodeOut | Problem]
     """


    kwargs = _get_kwargs(
        code_id=code_id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    code_id: str,
    *,
    client: AuthenticatedClient,

) -> CodeOut | Problem | None:
    """ One code with its totals: redemptions, revenue and discount given.

    Args:
        code_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CodeOut | Problem
     """


    return (await asyncio_detailed(
        code_id=code_id,
client=client,

    )).parsed
