from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.enrollment_import_out import EnrollmentImportOut
from ...models.problem import Problem
from typing import cast



def _get_kwargs(
    import_id: str,

) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/admin/enrollments:import/{import_id}".format(import_id=quote(str(import_id), safe=""),),
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> EnrollmentImportOut | Problem:
    if response.status_code == 200:
        response_200 = EnrollmentImportOut.from_dict(response.json())



        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())



        return response_404

    response_default = Problem.from_dict(response.json())



    return response_default



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[EnrollmentImportOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    import_id: str,
    *,
    client: AuthenticatedClient,

) -> Response[EnrollmentImportOut | Problem]:
    """ An import's progress: ``status`` (``queued``, ``running``, ``done``), ``done`` of
    ``total`` lines, how many were enrolled (``invited`` of them), ``skipped`` (enrolled
    already) and ``failed``, with ``errors`` per line (line number, email, course,
    problem ``code`` and ``detail``).

    Args:
        import_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnrollmentImportOut | Problem]
     """


    kwargs = _get_kwargs(
        import_id=import_id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    import_id: str,
    *,
    client: AuthenticatedClient,

) -> EnrollmentImportOut | Problem | None:
    """ An import's progress: ``status`` (``queued``, ``running``, ``done``), ``done`` of
    ``total`` lines, how many were enrolled (``invited`` of them), ``skipped`` (enrolled
    already) and ``failed``, with ``errors`` per line (line number, email, course,
    problem ``code`` and ``detail``).

    Args:
        import_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnrollmentImportOut | Problem
     """


    return sync_detailed(
        import_id=import_id,
client=client,

    ).parsed

async def asyncio_detailed(
    import_id: str,
    *,
    client: AuthenticatedClient,

) -> Response[EnrollmentImportOut | Problem]:
    """ An import's progress: ``status`` (``queued``, ``running``, ``done``), ``done`` of
    ``total`` lines, how many were enrolled (``invited`` of them), ``skipped`` (enrolled
    already) and ``failed``, with ``errors`` per line (line number, email, course,
    problem ``code`` and ``detail``).

    Args:
        import_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnrollmentImportOut | Problem]
     """


    kwargs = _get_kwargs(
        import_id=import_id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    import_id: str,
    *,
    client: AuthenticatedClient,

) -> EnrollmentImportOut | Problem | None:
    """ An import's progress: ``status`` (``queued``, ``running``, ``done``), ``done`` of
    ``total`` lines, how many were enrolled (``invited`` of them), ``skipped`` (enrolled
    already) and ``failed``, with ``errors`` per line (line number, email, course,
    problem ``code`` and ``detail``).

    Args:
        import_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnrollmentImportOut | Problem
     """


    return (await asyncio_detailed(
        import_id=import_id,
client=client,

    )).parsed
