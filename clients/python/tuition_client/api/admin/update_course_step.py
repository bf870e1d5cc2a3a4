from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem import Problem
from ...models.step_out import StepOut
from ...models.step_update import StepUpdate
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    step_id: str,
    *,
    body: StepUpdate | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/v1/admin/steps/{step_id}".format(step_id=quote(str(step_id), safe=""),),
    }

    
    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | StepOut:
    if response.status_code == 200:
        response_200 = StepOut.from_dict(response.json())



        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())



        return response_404

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())



        return response_409

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())



        return response_422

    response_default = Problem.from_dict(response.json())



    return response_default



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | StepOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    step_id: str,
    *,
    client: AuthenticatedClient,
    body: StepUpdate | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Response[Problem | StepOut]:
    """ Change a step's label, title or position (``step_exists``: label taken).

    Args:
        step_id (str):
        idempotency_key (str | Unset):
        body (StepUpdate | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | StepOut]
     """


    kwargs = _get_kwargs(
        step_id=step_id,
body=body,
idempotency_key=idempotency_key,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    step_id: str,
    *,
    client: AuthenticatedClient,
    body: StepUpdate | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Problem | StepOut | None:
    """ Change a step's label, title or position (``step_exists``: label taken).

    Args:
        step_id (str):
        idempotency_key (str | Unset):
        body (StepUpdate | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | StepOut
     """


    return sync_detailed(
        step_id=step_id,
client=client,
body=body,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    step_id: str,
    *,
    client: AuthenticatedClient,
    body: StepUpdate | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Response[Problem | StepOut]:
    """ Change a step's label, title or position (``step_exists``: label taken).

    Args:
        step_id (str):
        idempotency_key (str | Unset):
        body (StepUpdate | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | StepOut]
     """


    kwargs = _get_kwargs(
        step_id=step_id,
body=body,
idempotency_key=idempotency_key,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    step_id: str,
    *,
    client: AuthenticatedClient,
    body: StepUpdate | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Problem | StepOut | None:
    """ Change a step's label, title or position (``step_exists``: label taken).

    Args:
        step_id (str):
        idempotency_key (str | Unset):
        body (StepUpdate | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | StepOut
     """


    return (await asyncio_detailed(
        step_id=step_id,
client=client,
body=body,
idempotency_key=idempotency_key,

    )).parsed
