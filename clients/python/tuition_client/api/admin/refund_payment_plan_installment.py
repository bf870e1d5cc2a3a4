from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.payment_plan_out import PaymentPlanOut
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    plan_id: str,
    seq: str,
    *,
    idempotency_key: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/admin/payment-plans/{plan_id}/installments/{seq}/refund".format(plan_id=quote(str(plan_id), safe=""),seq=quote(str(seq), safe=""),),
    }


    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> PaymentPlanOut | Problem:
    if response.status_code == 200:
        response_200 = PaymentPlanOut.from_dict(response.json())



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



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[PaymentPlanOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    plan_id: str,
    seq: str,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,

) -> Response[PaymentPlanOut | Problem]:
    """ Give installment ``seq`` (its number, from 1) back through the provider, with
    its share of the order's tax (once: a repeat changes nothing); it stays paid,
    nothing is owed again. 409 ``installment_not_refundable`` (not paid, or the first:
    refund the order), ``installment_refund_unavailable`` (the provider cannot).

    Args:
        plan_id (str):
        seq (str):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaymentPlanOut | Problem]
     """


    kwargs = _get_kwargs(
        plan_id=plan_id,
seq=seq,
idempotency_key=idempotency_key,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    plan_id: str,
    seq: str,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,

) -> PaymentPlanOut | Problem | None:
    """ Give installment ``seq`` (its number, from 1) back through the provider, with
    its share of the order's tax (once: a repeat changes nothing); it stays paid,
    nothing is owed again. 409 ``installment_not_refundable`` (not paid, or the first:
    refund the order), ``installment_refund_unavailable`` (the provider cannot).

    Args:
        plan_id (str):
        seq (str):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaymentPlanOut | Problem
     """


    return sync_detailed(
        plan_id=plan_id,
seq=seq,
client=client,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    plan_id: str,
    seq: str,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,

) -> Response[PaymentPlanOut | Problem]:
    """ Give installment ``seq`` (its number, from 1) back through the provider, with
    its share of the order's tax (once: a repeat changes nothing); it stays paid,
    nothing is owed again. 409 ``installment_not_refundable`` (not paid, or the first:
    refund the order), ``installment_refund_unavailable`` (the provider cannot).

    Args:
        plan_id (str):
        seq (str):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaymentPlanOut | Problem]
     """


    kwargs = _get_kwargs(
        plan_id=plan_id,
seq=seq,
idempotency_key=idempotency_key,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    plan_id: str,
    seq: str,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,

) -> PaymentPlanOut | Problem | None:
    """ Give installment ``seq`` (its number, from 1) back through the provider, with
    its share of the order's tax (once: a repeat changes nothing); it stays paid,
    nothing is owed again. 409 ``installment_not_refundable`` (not paid, or the first:
    refund the order), ``installment_refund_unavailable`` (the provider cannot).

    Args:
        plan_id (str):
        seq (str):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaymentPlanOut | Problem
     """


    return (await asyncio_detailed(
        plan_id=plan_id,
seq=seq,
client=client,
idempotency_key=idempotency_key,

    )).parsed
