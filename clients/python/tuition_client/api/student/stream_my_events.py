from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    tenant_key: str | Unset = UNSET,
    access_token: str | Unset = UNSET,
    last_event_id: int | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(last_event_id, Unset):
        headers["Last-Event-ID"] = str(last_event_id)




    

    params: dict[str, Any] = {}

    params["tenant_key"] = tenant_key

    params["access_token"] = access_token


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/me/events",
        "params": params,
    }


    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | Problem:
    if response.status_code == 200:
        response_200 = cast(Any, None)
        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

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
    tenant_key: str | Unset = UNSET,
    access_token: str | Unset = UNSET,
    last_event_id: int | Unset = UNSET,

) -> Response[Any | Problem]:
    """ The signed-in student's events as they happen (orders, enrollments, bookings,
    plugins' events naming the student); without ``Last-Event-ID`` from now on.

    Args:
        tenant_key (str | Unset):
        access_token (str | Unset):
        last_event_id (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
     """


    kwargs = _get_kwargs(
        tenant_key=tenant_key,
access_token=access_token,
last_event_id=last_event_id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    tenant_key: str | Unset = UNSET,
    access_token: str | Unset = UNSET,
    last_event_id: int | Unset = UNSET,

) -> Any | Problem | None:
    """ The signed-in student's events as they happen (orders, enrollments, bookings,
    plugins' events naming the student); without ``Last-Event-ID`` from now on.

    Args:
        tenant_key (str | Unset):
        access_token (str | Unset):
        last_event_id (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
     """


    return sync_detailed(
        client=client,
tenant_key=tenant_key,
access_token=access_token,
last_event_id=last_event_id,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    tenant_key: str | Unset = UNSET,
    access_token: str | Unset = UNSET,
    last_event_id: int | Unset = UNSET,

) -> Response[Any | Problem]:
    """ The signed-in student's events as they happen (orders, enrollments, bookings,
    plugins' events naming the student); without ``Last-Event-ID`` from now on.

    Args:
        tenant_key (str | Unset):
        access_token (str | Unset):
        last_event_id (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
     """


    kwargs = _get_kwargs(
        tenant_key=tenant_key,
access_token=access_token,
last_event_id=last_event_id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    tenant_key: str | Unset = UNSET,
    access_token: str | Unset = UNSET,
    last_event_id: int | Unset = UNSET,

) -> Any | Problem | None:
    """ The signed-in student's events as they happen (orders, enrollments, bookings,
    plugins' events naming the student); without ``Last-Event-ID`` from now on.

    Args:
        tenant_key (str | Unset):
        access_token (str | Unset):
        last_event_id (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
     """


    return (await asyncio_detailed(
        client=client,
tenant_key=tenant_key,
access_token=access_token,
last_event_id=last_event_id,

    )).parsed
