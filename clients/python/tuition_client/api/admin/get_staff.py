from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem import Problem
from ...models.staff_out import StaffOut
from typing import cast



def _get_kwargs(
    staff_id: str,

) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/admin/staff/{staff_id}".format(staff_id=quote(str(staff_id), safe=""),),
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | StaffOut:
    if response.status_code == 200:
        response_200 = StaffOut.from_dict(response.json())



        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())



        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())



        return response_404

    response_default = Problem.from_dict(response.json())



    return response_default



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | StaffOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    staff_id: str,
    *,
    client: AuthenticatedClient,

) -> Response[Problem | StaffOut]:
    """ One staff member.

    Args:
        staff_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | StaffOut]
     """


    kwargs = _get_kwargs(
        staff_id=staff_id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    staff_id: str,
    *,
    client: AuthenticatedClient,

) -> Problem | StaffOut | None:
    """ One staff member.

    Args:
        staff_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | StaffOut
     """


    return sync_detailed(
        staff_id=staff_id,
client=client,

    ).parsed

async def asyncio_detailed(
    staff_id: str,
    *,
    client: AuthenticatedClient,

) -> Response[Problem | StaffOut]:
    """ One staff member.

    Args:
        staff_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | StaffOut]
     """


    kwargs = _get_kwargs(
        staff_id=staff_id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    staff_id: str,
    *,
    client: AuthenticatedClient,

) -> Problem | StaffOut | None:
    """ One staff member.

    Args:
        staff_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | StaffOut
     """


    return (await asyncio_detailed(
        staff_id=staff_id,
client=client,

    )).parsed
