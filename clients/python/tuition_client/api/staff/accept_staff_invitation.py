from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.invitation_accept import InvitationAccept
from ...models.problem import Problem
from ...models.staff_out import StaffOut
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    body: InvitationAccept,
    idempotency_key: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/staff/invitations:accept",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | StaffOut:
    if response.status_code == 200:
        response_200 = StaffOut.from_dict(response.json())



        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())



        return response_409

    if response.status_code == 410:
        response_410 = Problem.from_dict(response.json())



        return response_410

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())



        return response_422

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
    *,
    client: AuthenticatedClient,
    body: InvitationAccept,
    idempotency_key: str | Unset = UNSET,

) -> Response[Problem | StaffOut]:
    """ Accept an invitation to the site of the publishable key with its token (from the
    mail) and a password; then sign in. 409 ``invitation_accepted`` once it was
    accepted, 410 ``invitation_expired`` after its lifetime; any other token (one of
    another site, a withdrawn invitation) answers 401 ``invalid_invitation``.

    Args:
        idempotency_key (str | Unset):
        body (InvitationAccept):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | StaffOut]
     """


    kwargs = _get_kwargs(
        body=body,
idempotency_key=idempotency_key,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    body: InvitationAccept,
    idempotency_key: str | Unset = UNSET,

) -> Problem | StaffOut | None:
    """ Accept an invitation to the site of the publishable key with its token (from the
    mail) and a password; then sign in. 409 ``invitation_accepted`` once it was
    accepted, 410 ``invitation_expired`` after its lifetime; any other token (one of
    another site, a withdrawn invitation) answers 401 ``invalid_invitation``.

    Args:
        idempotency_key (str | Unset):
        body (InvitationAccept):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | StaffOut
     """


    return sync_detailed(
        client=client,
body=body,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: InvitationAccept,
    idempotency_key: str | Unset = UNSET,

) -> Response[Problem | StaffOut]:
    """ Accept an invitation to the site of the publishable key with its token (from the
    mail) and a password; then sign in. 409 ``invitation_accepted`` once it was
    accepted, 410 ``invitation_expired`` after its lifetime; any other token (one of
    another site, a withdrawn invitation) answers 401 ``invalid_invitation``.

    Args:
        idempotency_key (str | Unset):
        body (InvitationAccept):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | StaffOut]
     """


    kwargs = _get_kwargs(
        body=body,
idempotency_key=idempotency_key,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    body: InvitationAccept,
    idempotency_key: str | Unset = UNSET,

) -> Problem | StaffOut | None:
    """ Accept an invitation to the site of the publishable key with its token (from the
    mail) and a password; then sign in. 409 ``invitation_accepted`` once it was
    accepted, 410 ``invitation_expired`` after its lifetime; any other token (one of
    another site, a withdrawn invitation) answers 401 ``invalid_invitation``.

    Args:
        idempotency_key (str | Unset):
        body (InvitationAccept):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | StaffOut
     """


    return (await asyncio_detailed(
        client=client,
body=body,
idempotency_key=idempotency_key,

    )).parsed
