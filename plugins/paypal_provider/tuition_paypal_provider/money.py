"""Tuition's integer minor units <-> PayPal's decimal strings.

Tuition counts money in ISO 4217 minor units (cents; yen for JPY). PayPal wants a decimal
string with exactly as many decimals as the currency has: ``"49.00"`` for EUR 4900, but
``"4900"`` for JPY 4900 (PayPal refuses decimals for JPY).

HUF and TWD are left out on purpose: ISO gives them two decimals (Tuition would count
fillér), but PayPal refuses decimals for them, so most Tuition amounts could not be sent.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

#: Currencies PayPal takes with no decimals whose ISO minor unit is the unit itself.
ZERO_DECIMAL = frozenset({"JPY"})

#: Currencies PayPal settles in (REST API currency codes) that Tuition can express
#: exactly. BRL and MYR only work for in-country accounts; PayPal refuses them otherwise.
SUPPORTED_CURRENCIES = frozenset(
    {
        "AUD",
        "BRL",
        "CAD",
        "CHF",
        "CNY",
        "CZK",
        "DKK",
        "EUR",
        "GBP",
        "HKD",
        "ILS",
        "JPY",
        "MXN",
        "MYR",
        "NOK",
        "NZD",
        "PHP",
        "PLN",
        "SEK",
        "SGD",
        "THB",
        "USD",
    }
)


def decimals(currency: str) -> int:
    return 0 if currency.upper() in ZERO_DECIMAL else 2


def to_paypal(amount: int, currency: str) -> str:
    """``4900, "EUR"`` → ``"49.00"``; ``4900, "JPY"`` → ``"4900"``."""
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        raise ValueError(f"amount must be a non-negative integer of minor units: {amount!r}")
    places = decimals(currency)
    if places == 0:
        return str(amount)
    whole, fraction = divmod(amount, 10**places)
    return f"{whole}.{fraction:0{places}d}"


def from_paypal(value: str, currency: str) -> int:
    """``"49.00", "EUR"`` → ``4900``; refuses more decimals than the currency has."""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"not a decimal amount: {value!r}") from None
    if not number.is_finite() or number < 0:
        raise ValueError(f"not an amount: {value!r}")
    scaled = number.scaleb(decimals(currency))
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{value!r} has more decimals than {currency} allows")
    return int(scaled)
