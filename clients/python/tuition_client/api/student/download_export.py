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
    export_id: str,
    *,
    expires: None | str | Unset = UNSET,
    signature: None | str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_expires: None | str | Unset
    if isinstance(expires, Unset):
        json_expires = UNSET
    else:
        json_expires = expires
    params["expires"] = json_expires

    json_signature: None | str | Unset
    if isinstance(signature, Unset):
        json_signature = UNSET
    else:
        json_signature = signature
    params["signature"] = json_signature


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/exports/{export_id}/download".format(export_id=quote(str(export_id), safe=""),),
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
    export_id: str,
    *,
    client: AuthenticatedClient,
    expires: None | str | Unset = UNSET,
    signature: None | str | Unset = UNSET,

) -> Response[Any | Problem]:
    """ Download a large export through its signed link (``download_url``): no key or
    token, the signature is the credential; 401 when it is wrong or expired.

    Args:
        export_id (str):
        expires (None | str | Unset):
        signature (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
     """


    kwargs = _get_kwargs(
        export_id=export_id,
expires=expires,
signature=signature,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    export_id: str,
    *,
    client: AuthenticatedClient,
    expires: None | str | Unset = UNSET,
    signature: None | str | Unset = UNSET,

) -> Any | Problem | None:
    """ Download a large export through its signed link (``download_url``): no key or
    token, the signature is the credential; 401 when it is wrong or expired.

    Args:
        export_id (str):
        expires (None | str | Unset):
        signature (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
     """


    return sync_detailed(
        export_id=export_id,
client=client,
expires=expires,
signature=signature,

    ).parsed

async def asyncio_detailed(
    export_id: str,
    *,
    client: AuthenticatedClient,
    expires: None | str | Unset = UNSET,
    signature: None | str | Unset = UNSET,

) -> Response[Any | Problem]:
    """ Download a large export through its signed link (``download_url``): no key or
    token, the signature is the credential; 401 when it is wrong or expired.

    Args:
        export_id (str):
        expires (None | str | Unset):
        signature (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
     """


    kwargs = _get_kwargs(
        export_id=export_id,
expires=expires,
signature=signature,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    export_id: str,
    *,
    client: AuthenticatedClient,
    expires: None | str | Unset = UNSET,
    signature: None | str | Unset = UNSET,

) -> Any | Problem | None:
    """ Download a large export through its signed link (``download_url``): no key or
    token, the signature is the credential; 401 when it is wrong or expired.

    Args:
        export_id (str):
        expires (None | str | Unset):
        signature (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
     """


    return (await asyncio_detailed(
        export_id=export_id,
client=client,
expires=expires,
signature=signature,

    )).parsed
