from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.my_steps_out import MyStepsOut
from ...models.problem import Problem
from typing import cast



def _get_kwargs(
    enrollment_id: str,

) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/me/enrollments/{enrollment_id}/steps".format(enrollment_id=quote(str(enrollment_id), safe=""),),
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> MyStepsOut | Problem:
    if response.status_code == 200:
        response_200 = MyStepsOut.from_dict(response.json())



        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())



        return response_404

    response_default = Problem.from_dict(response.json())



    return response_default



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[MyStepsOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    enrollment_id: str,
    *,
    client: AuthenticatedClient,

) -> Response[MyStepsOut | Problem]:
    """ The steps of a cohort enrollment in order: what is booked, and the sessions
    that can be booked with the seats they have left.

    Args:
        enrollment_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[MyStepsOut | Problem]
     """


    kwargs = _get_kwargs(
        enrollment_id=enrollment_id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    enrollment_id: str,
    *,
    client: AuthenticatedClient,

) -> MyStepsOut | Problem | None:
    """ The steps of a cohort enrollment in order: what is booked, and the sessions
    that can be booked with the seats they have left.

    Args:
        enrollment_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        MyStepsOut | Problem
     """


    return sync_detailed(
        enrollment_id=enrollment_id,
client=client,

    ).parsed

async def asyncio_detailed(
    enrollment_id: str,
    *,
    client: AuthenticatedClient,

) -> Response[MyStepsOut | Problem]:
    """ The steps of a cohort enrollment in order: what is booked, and the sessions
    that can be booked with the seats they have left.

    Args:
        enrollment_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[MyStepsOut | Problem]
     """


    kwargs = _get_kwargs(
        enrollment_id=enrollment_id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    enrollment_id: str,
    *,
    client: AuthenticatedClient,

) -> MyStepsOut | Problem | None:
    """ The steps of a cohort enrollment in order: what is booked, and the sessions
    that can be booked with the seats they have left.

    Args:
        enrollment_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        MyStepsOut | Problem
     """


    return (await asyncio_detailed(
        enrollment_id=enrollment_id,
client=client,

    )).parsed
