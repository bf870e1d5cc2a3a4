from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.enrollment_import_out import EnrollmentImportOut
from ...models.import_enrollments_files_body import ImportEnrollmentsFilesBody
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    body:    ImportEnrollmentsFilesBody  |     str  | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/admin/enrollments:import",
    }

    if isinstance(body, ImportEnrollmentsFilesBody):
        _kwargs["files"] = body.to_multipart()

        headers["Content-Type"] = "multipart/form-data; boundary=+++"
    if isinstance(body, str):
        _kwargs["content"] = body.payload
        headers["Content-Type"] = "text/csv"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> EnrollmentImportOut | Problem:
    if response.status_code == 202:
        response_202 = EnrollmentImportOut.from_dict(response.json())



        return response_202

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())



        return response_409

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())



        return response_413

    if response.status_code == 415:
        response_415 = Problem.from_dict(response.json())



        return response_415

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())



        return response_422

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
    *,
    client: AuthenticatedClient,
    body:    ImportEnrollmentsFilesBody  |     str  | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Response[EnrollmentImportOut | Problem]:
    """ Enroll the students of a CSV file (columns ``email``, ``course``, optionally
    ``name``, ``cohort``, ``external_reference``; complimentary unless a line has an
    external reference), as a job: 202 with the import to follow
    (``Location``). Each line is enrolled in a transaction of its own, never half;
    people without an account are invited by mail; a line enrolled already is
    ``skipped``, so importing the same file again enrolls nobody twice. 422
    ``validation_error`` (field ``file``) for a file that cannot be read.

    Args:
        idempotency_key (str | Unset):
        body (ImportEnrollmentsFilesBody):
        body (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnrollmentImportOut | Problem]
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
    body:    ImportEnrollmentsFilesBody  |     str  | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> EnrollmentImportOut | Problem | None:
    """ Enroll the students of a CSV file (columns ``email``, ``course``, optionally
    ``name``, ``cohort``, ``external_reference``; complimentary unless a line has an
    external reference), as a job: 202 with the import to follow
    (``Location``). Each line is enrolled in a transaction of its own, never half;
    people without an account are invited by mail; a line enrolled already is
    ``skipped``, so importing the same file again enrolls nobody twice. 422
    ``validation_error`` (field ``file``) for a file that cannot be read.

    Args:
        idempotency_key (str | Unset):
        body (ImportEnrollmentsFilesBody):
        body (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnrollmentImportOut | Problem
     """


    return sync_detailed(
        client=client,
body=body,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body:    ImportEnrollmentsFilesBody  |     str  | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Response[EnrollmentImportOut | Problem]:
    """ Enroll the students of a CSV file (columns ``email``, ``course``, optionally
    ``name``, ``cohort``, ``external_reference``; complimentary unless a line has an
    external reference), as a job: 202 with the import to follow
    (``Location``). Each line is enrolled in a transaction of its own, never half;
    people without an account are invited by mail; a line enrolled already is
    ``skipped``, so importing the same file again enrolls nobody twice. 422
    ``validation_error`` (field ``file``) for a file that cannot be read.

    Args:
        idempotency_key (str | Unset):
        body (ImportEnrollmentsFilesBody):
        body (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnrollmentImportOut | Problem]
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
    body:    ImportEnrollmentsFilesBody  |     str  | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> EnrollmentImportOut | Problem | None:
    """ Enroll the students of a CSV file (columns ``email``, ``course``, optionally
    ``name``, ``cohort``, ``external_reference``; complimentary unless a line has an
    external reference), as a job: 202 with the import to follow
    (``Location``). Each line is enrolled in a transaction of its own, never half;
    people without an account are invited by mail; a line enrolled already is
    ``skipped``, so importing the same file again enrolls nobody twice. 422
    ``validation_error`` (field ``file``) for a file that cannot be read.

    Args:
        idempotency_key (str | Unset):
        body (ImportEnrollmentsFilesBody):
        body (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnrollmentImportOut | Problem
     """


    return (await asyncio_detailed(
        client=client,
body=body,
idempotency_key=idempotency_key,

    )).parsed
