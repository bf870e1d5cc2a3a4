from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem import Problem
from ...models.quote_out import QuoteOut
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    slug: str,
    *,
    code: str | Unset = UNSET,
    country: str | Unset = UNSET,
    region: str | Unset = UNSET,
    postal_code: str | Unset = UNSET,
    vat_id: str | Unset = UNSET,
    company_name: str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["code"] = code

    params["country"] = country

    params["region"] = region

    params["postal_code"] = postal_code

    params["vat_id"] = vat_id

    params["company_name"] = company_name


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/courses/{slug}/quote".format(slug=quote(str(slug), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | QuoteOut:
    if response.status_code == 200:
        response_200 = QuoteOut.from_dict(response.json())



        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())



        return response_404

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())



        return response_422

    response_default = Problem.from_dict(response.json())



    return response_default



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | QuoteOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    slug: str,
    *,
    client: AuthenticatedClient,
    code: str | Unset = UNSET,
    country: str | Unset = UNSET,
    region: str | Unset = UNSET,
    postal_code: str | Unset = UNSET,
    vat_id: str | Unset = UNSET,
    company_name: str | Unset = UNSET,

) -> Response[Problem | QuoteOut]:
    """ What enrolling in a published course costs the caller now, with a code
    (``?code=``): list price, discount, total and, when the code would be refused,
    its ``problem``. Writes nothing; the catalogue keeps showing list prices.

    Args:
        slug (str):
        code (str | Unset):
        country (str | Unset):
        region (str | Unset):
        postal_code (str | Unset):
        vat_id (str | Unset):
        company_name (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | QuoteOut]
     """


    kwargs = _get_kwargs(
        slug=slug,
code=code,
country=country,
region=region,
postal_code=postal_code,
vat_id=vat_id,
company_name=company_name,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    slug: str,
    *,
    client: AuthenticatedClient,
    code: str | Unset = UNSET,
    country: str | Unset = UNSET,
    region: str | Unset = UNSET,
    postal_code: str | Unset = UNSET,
    vat_id: str | Unset = UNSET,
    company_name: str | Unset = UNSET,

) -> Problem | QuoteOut | None:
    """ What enrolling in a published course costs the caller now, with a code
    (``?code=``): list price, discount, total and, when the code would be refused,
    its ``problem``. Writes nothing; the catalogue keeps showing list prices.

    Args:
        slug (str):
        code (str | Unset):
        country (str | Unset):
        region (str | Unset):
        postal_code (str | Unset):
        vat_id (str | Unset):
        company_name (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | QuoteOut
     """


    return sync_detailed(
        slug=slug,
client=client,
code=code,
country=country,
region=region,
postal_code=postal_code,
vat_id=vat_id,
company_name=company_name,

    ).parsed

async def asyncio_detailed(
    slug: str,
    *,
    client: AuthenticatedClient,
    code: str | Unset = UNSET,
    country: str | Unset = UNSET,
    region: str | Unset = UNSET,
    postal_code: str | Unset = UNSET,
    vat_id: str | Unset = UNSET,
    company_name: str | Unset = UNSET,

) -> Response[Problem | QuoteOut]:
    """ What enrolling in a published course costs the caller now, with a code
    (``?code=``): list price, discount, total and, when the code would be refused,
    its ``problem``. Writes nothing; the catalogue keeps showing list prices.

    Args:
        slug (str):
        code (str | Unset):
        country (str | Unset):
        region (str | Unset):
        postal_code (str | Unset):
        vat_id (str | Unset):
        company_name (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | QuoteOut]
     """


    kwargs = _get_kwargs(
        slug=slug,
code=code,
country=country,
region=region,
postal_code=postal_code,
vat_id=vat_id,
company_name=company_name,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    slug: str,
    *,
    client: AuthenticatedClient,
    code: str | Unset = UNSET,
    country: str | Unset = UNSET,
    region: str | Unset = UNSET,
    postal_code: str | Unset = UNSET,
    vat_id: str | Unset = UNSET,
    company_name: str | Unset = UNSET,

) -> Problem | QuoteOut | None:
    """ What enrolling in a published course costs the caller now, with a code
    (``?code=``): list price, discount, total and, when the code would be refused,
    its ``problem``. Writes nothing; the catalogue keeps showing list prices.

    Args:
        slug (str):
        code (str | Unset):
        country (str | Unset):
        region (str | Unset):
        postal_code (str | Unset):
        vat_id (str | Unset):
        company_name (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | QuoteOut
     """


    return (await asyncio_detailed(
        slug=slug,
client=client,
code=code,
country=country,
region=region,
postal_code=postal_code,
vat_id=vat_id,
company_name=company_name,

    )).parsed
