from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.plan_out import PlanOut
from ...models.problem import Problem
from typing import cast



def _get_kwargs(
    *,
    plugin: str,
    enabled: bool,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["plugin"] = plugin

    params["enabled"] = enabled


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/admin/plugins/plan",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> PlanOut | Problem:
    if response.status_code == 200:
        response_200 = PlanOut.from_dict(response.json())



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



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[PlanOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    plugin: str,
    enabled: bool,

) -> Response[PlanOut | Problem]:
    """ Preview switching one plugin on or off: courses whose availability would change,
    and whether the change would be accepted. Nothing is applied.

    Args:
        plugin (str):
        enabled (bool):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PlanOut | Problem]
     """


    kwargs = _get_kwargs(
        plugin=plugin,
enabled=enabled,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    plugin: str,
    enabled: bool,

) -> PlanOut | Problem | None:
    """ Preview switching one plugin on or off: courses whose availability would change,
    and whether the change would be accepted. Nothing is applied.

    Args:
        plugin (str):
        enabled (bool):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PlanOut | Problem
     """


    return sync_detailed(
        client=client,
plugin=plugin,
enabled=enabled,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    plugin: str,
    enabled: bool,

) -> Response[PlanOut | Problem]:
    """ Preview switching one plugin on or off: courses whose availability would change,
    and whether the change would be accepted. Nothing is applied.

    Args:
        plugin (str):
        enabled (bool):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PlanOut | Problem]
     """


    kwargs = _get_kwargs(
        plugin=plugin,
enabled=enabled,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    plugin: str,
    enabled: bool,

) -> PlanOut | Problem | None:
    """ Preview switching one plugin on or off: courses whose availability would change,
    and whether the change would be accepted. Nothing is applied.

    Args:
        plugin (str):
        enabled (bool):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PlanOut | Problem
     """


    return (await asyncio_detailed(
        client=client,
plugin=plugin,
enabled=enabled,

    )).parsed
