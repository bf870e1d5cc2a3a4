from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.dummy_pay_data_body import DummyPayDataBody
from ...models.dummy_pay_json_body import DummyPayJsonBody
from ...models.pay_result import PayResult
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    tenant: str,
    order_id: str,
    *,
    body:    DummyPayJsonBody  |     DummyPayDataBody  | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/dummy/checkout/{tenant}/{order_id}".format(tenant=quote(str(tenant), safe=""),order_id=quote(str(order_id), safe=""),),
    }

    if isinstance(body, DummyPayJsonBody):
        
        if not isinstance(body, Unset):
            _kwargs["json"] = body.to_dict()

        headers["Content-Type"] = "application/json"
    if isinstance(body, DummyPayDataBody):
        if not isinstance(body, Unset):
            _kwargs["data"] = body.to_dict()
        headers["Content-Type"] = "application/x-www-form-urlencoded"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | PayResult | Problem:
    if response.status_code == 200:
        response_200 = PayResult.from_dict(response.json())



        return response_200

    if response.status_code == 303:
        response_303 = cast(Any, None)
        return response_303

    response_default = Problem.from_dict(response.json())



    return response_default



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | PayResult | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    tenant: str,
    order_id: str,
    *,
    client: AuthenticatedClient | Client,
    body:    DummyPayJsonBody  |     DummyPayDataBody  | Unset = UNSET,

) -> Response[Any | PayResult | Problem]:
    """ Pay (``outcome=pay``) or decline (``outcome=decline``), as JSON or a form.

     A form post is sent on to the tenant's ``return_url`` (303) when it has one.

    Args:
        tenant (str):
        order_id (str):
        body (DummyPayJsonBody | Unset):
        body (DummyPayDataBody | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | PayResult | Problem]
     """


    kwargs = _get_kwargs(
        tenant=tenant,
order_id=order_id,
body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    tenant: str,
    order_id: str,
    *,
    client: AuthenticatedClient | Client,
    body:    DummyPayJsonBody  |     DummyPayDataBody  | Unset = UNSET,

) -> Any | PayResult | Problem | None:
    """ Pay (``outcome=pay``) or decline (``outcome=decline``), as JSON or a form.

     A form post is sent on to the tenant's ``return_url`` (303) when it has one.

    Args:
        tenant (str):
        order_id (str):
        body (DummyPayJsonBody | Unset):
        body (DummyPayDataBody | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | PayResult | Problem
     """


    return sync_detailed(
        tenant=tenant,
order_id=order_id,
client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    tenant: str,
    order_id: str,
    *,
    client: AuthenticatedClient | Client,
    body:    DummyPayJsonBody  |     DummyPayDataBody  | Unset = UNSET,

) -> Response[Any | PayResult | Problem]:
    """ Pay (``outcome=pay``) or decline (``outcome=decline``), as JSON or a form.

     A form post is sent on to the tenant's ``return_url`` (303) when it has one.

    Args:
        tenant (str):
        order_id (str):
        body (DummyPayJsonBody | Unset):
        body (DummyPayDataBody | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | PayResult | Problem]
     """


    kwargs = _get_kwargs(
        tenant=tenant,
order_id=order_id,
body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    tenant: str,
    order_id: str,
    *,
    client: AuthenticatedClient | Client,
    body:    DummyPayJsonBody  |     DummyPayDataBody  | Unset = UNSET,

) -> Any | PayResult | Problem | None:
    """ Pay (``outcome=pay``) or decline (``outcome=decline``), as JSON or a form.

     A form post is sent on to the tenant's ``return_url`` (303) when it has one.

    Args:
        tenant (str):
        order_id (str):
        body (DummyPayJsonBody | Unset):
        body (DummyPayDataBody | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | PayResult | Problem
     """


    return (await asyncio_detailed(
        tenant=tenant,
order_id=order_id,
client=client,
body=body,

    )).parsed
