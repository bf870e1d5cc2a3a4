from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.mail_out import MailOut
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    mail_id: str,
    *,
    idempotency_key: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/admin/mails/{mail_id}/resend".format(mail_id=quote(str(mail_id), safe=""),),
    }


    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> MailOut | Problem:
    if response.status_code == 202:
        response_202 = MailOut.from_dict(response.json())



        return response_202

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())



        return response_403

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



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[MailOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    mail_id: str,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,

) -> Response[MailOut | Problem]:
    """ Send a sent or failed mail again (support staff may): a new mail, ``queued``
    until its job sends it (recipient and links composed then, as a retry), naming
    the mail in ``resent_from``; a failed mail still waiting for its retry is retried
    now instead. Audited (``resent``). ``mail_disabled`` (409): the tenant switched the
    mail off; ``mail_not_resendable`` (409): it is queued or being sent, or was never
    sendable (opted out, no recipient).

    Args:
        mail_id (str):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[MailOut | Problem]
     """


    kwargs = _get_kwargs(
        mail_id=mail_id,
idempotency_key=idempotency_key,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    mail_id: str,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,

) -> MailOut | Problem | None:
    """ Send a sent or failed mail again (support staff may): a new mail, ``queued``
    until its job sends it (recipient and links composed then, as a retry), naming
    the mail in ``resent_from``; a failed mail still waiting for its retry is retried
    now instead. Audited (``resent``). ``mail_disabled`` (409): the tenant switched the
    mail off; ``mail_not_resendable`` (409): it is queued or being sent, or was never
    sendable (opted out, no recipient).

    Args:
        mail_id (str):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        MailOut | Problem
     """


    return sync_detailed(
        mail_id=mail_id,
client=client,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    mail_id: str,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,

) -> Response[MailOut | Problem]:
    """ Send a sent or failed mail again (support staff may): a new mail, ``queued``
    until its job sends it (recipient and links composed then, as a retry), naming
    the mail in ``resent_from``; a failed mail still waiting for its retry is retried
    now instead. Audited (``resent``). ``mail_disabled`` (409): the tenant switched the
    mail off; ``mail_not_resendable`` (409): it is queued or being sent, or was never
    sendable (opted out, no recipient).

    Args:
        mail_id (str):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[MailOut | Problem]
     """


    kwargs = _get_kwargs(
        mail_id=mail_id,
idempotency_key=idempotency_key,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    mail_id: str,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,

) -> MailOut | Problem | None:
    """ Send a sent or failed mail again (support staff may): a new mail, ``queued``
    until its job sends it (recipient and links composed then, as a retry), naming
    the mail in ``resent_from``; a failed mail still waiting for its retry is retried
    now instead. Audited (``resent``). ``mail_disabled`` (409): the tenant switched the
    mail off; ``mail_not_resendable`` (409): it is queued or being sent, or was never
    sendable (opted out, no recipient).

    Args:
        mail_id (str):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        MailOut | Problem
     """


    return (await asyncio_detailed(
        mail_id=mail_id,
client=client,
idempotency_key=idempotency_key,

    )).parsed
