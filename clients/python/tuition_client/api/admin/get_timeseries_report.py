from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.get_timeseries_report_interval import GetTimeseriesReportInterval
from ...models.problem import Problem
from ...models.timeseries_report import TimeseriesReport
from ...types import UNSET, Unset
from typing import cast
import datetime



def _get_kwargs(
    *,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    interval: GetTimeseriesReportInterval | Unset = GetTimeseriesReportInterval.DAY,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_from_: str | Unset = UNSET
    if not isinstance(from_, Unset):
        json_from_ = from_.isoformat()
    params["from"] = json_from_

    json_to: str | Unset = UNSET
    if not isinstance(to, Unset):
        json_to = to.isoformat()
    params["to"] = json_to

    json_interval: str | Unset = UNSET
    if not isinstance(interval, Unset):
        json_interval = interval.value

    params["interval"] = json_interval


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/admin/reports/timeseries",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | TimeseriesReport:
    if response.status_code == 200:
        response_200 = TimeseriesReport.from_dict(response.json())



        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())



        return response_422

    response_default = Problem.from_dict(response.json())



    return response_default



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | TimeseriesReport]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    interval: GetTimeseriesReportInterval | Unset = GetTimeseriesReportInterval.DAY,

) -> Response[Problem | TimeseriesReport]:
    """ Per day (``interval=day``) or ISO week (``week``) between ``from`` and ``to``
    (default: the last 30 days): sign-ups, checkouts started, paid orders, revenue per
    currency, enrollments activated and conversion; every bucket is listed, empty ones
    with zeros. ``attention`` counts what needs a look now: stuck orders, unfinished
    refunds, failed payment events.

    Args:
        from_ (datetime.datetime | Unset):
        to (datetime.datetime | Unset):
        interval (GetTimeseriesReportInterval | Unset):  Default: GetTimeseriesReportInterval.DAY.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TimeseriesReport]
     """


    kwargs = _get_kwargs(
        from_=from_,
to=to,
interval=interval,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    interval: GetTimeseriesReportInterval | Unset = GetTimeseriesReportInterval.DAY,

) -> Problem | TimeseriesReport | None:
    """ Per day (``interval=day``) or ISO week (``week``) between ``from`` and ``to``
    (default: the last 30 days): sign-ups, checkouts started, paid orders, revenue per
    currency, enrollments activated and conversion; every bucket is listed, empty ones
    with zeros. ``attention`` counts what needs a look now: stuck orders, unfinished
    refunds, failed payment events.

    Args:
        from_ (datetime.datetime | Unset):
        to (datetime.datetime | Unset):
        interval (GetTimeseriesReportInterval | Unset):  Default: GetTimeseriesReportInterval.DAY.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TimeseriesReport
     """


    return sync_detailed(
        client=client,
from_=from_,
to=to,
interval=interval,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    interval: GetTimeseriesReportInterval | Unset = GetTimeseriesReportInterval.DAY,

) -> Response[Problem | TimeseriesReport]:
    """ Per day (``interval=day``) or ISO week (``week``) between ``from`` and ``to``
    (default: the last 30 days): sign-ups, checkouts started, paid orders, revenue per
    currency, enrollments activated and conversion; every bucket is listed, empty ones
    with zeros. ``attention`` counts what needs a look now: stuck orders, unfinished
    refunds, failed payment events.

    Args:
        from_ (datetime.datetime | Unset):
        to (datetime.datetime | Unset):
        interval (GetTimeseriesReportInterval | Unset):  Default: GetTimeseriesReportInterval.DAY.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TimeseriesReport]
     """


    kwargs = _get_kwargs(
        from_=from_,
to=to,
interval=interval,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    interval: GetTimeseriesReportInterval | Unset = GetTimeseriesReportInterval.DAY,

) -> Problem | TimeseriesReport | None:
    """ Per day (``interval=day``) or ISO week (``week``) between ``from`` and ``to``
    (default: the last 30 days): sign-ups, checkouts started, paid orders, revenue per
    currency, enrollments activated and conversion; every bucket is listed, empty ones
    with zeros. ``attention`` counts what needs a look now: stuck orders, unfinished
    refunds, failed payment events.

    Args:
        from_ (datetime.datetime | Unset):
        to (datetime.datetime | Unset):
        interval (GetTimeseriesReportInterval | Unset):  Default: GetTimeseriesReportInterval.DAY.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TimeseriesReport
     """


    return (await asyncio_detailed(
        client=client,
from_=from_,
to=to,
interval=interval,

    )).parsed
