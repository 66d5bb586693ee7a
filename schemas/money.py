"""Money held exactly: integer minor units and an ISO 4217 code, never a float."""

from __future__ import annotations

from decimal import Context, Decimal, Inexact, InvalidOperation, Overflow, Underflow

from babel.numbers import format_currency, get_currency_precision, is_currency
from pydantic import BaseModel, ConfigDict


class Money(BaseModel):
    """An amount in a currency, as stored: {"amount_minor": 1250, "currency": "BRL"}."""

    amount_minor: int
    currency: str

    @property
    def amount(self) -> Decimal:
        return Decimal(self.amount_minor).scaleb(-get_currency_precision(self.currency))

    def format(self, locale: str = "en_US") -> str:
        return str(format_currency(self.amount, self.currency, locale=locale))


class MoneyAmount(BaseModel):
    """Money as people and the API write it: {"amount": "12.50", "currency": "BRL"}.

    The amount is a decimal string, so that no float ever rounds it; a JSON
    number is accepted and read as its decimal text.
    """

    model_config = ConfigDict(coerce_numbers_to_str=True)

    amount: str
    currency: str

    @classmethod
    def of(cls, money: Money) -> MoneyAmount:
        return cls(amount=f"{money.amount:f}", currency=money.currency)


# MongoDB and the embedded engine store 8-byte integers, nothing larger.
MINOR_MAX = 2**63 - 1
# Scaling to minor units signals rather than rounds: far more digits than any
# amount within MINOR_MAX has.
_EXACT = Context(prec=60, traps=[Inexact, Overflow, Underflow, InvalidOperation])


class MoneyError(ValueError):
    """Why an amount or a code is not money; the text is shown to the user."""


def parse_money(amount: object, currency: object) -> Money:
    """Money from an amount ("12.50", 12.5, Decimal) and a currency code.

    Raises MoneyError when the code is missing or not ISO 4217, when the amount
    is not a number, or when it has more decimals than the currency allows
    (JPY has none, BRL two, KWD three).
    """
    code = str(currency or "").strip().upper()
    if not code:
        raise MoneyError("needs a currency code such as BRL or USD")
    if len(code) != 3 or not is_currency(code):
        raise MoneyError(
            f"has an unknown currency code '{currency}'; use an ISO 4217 code "
            "such as BRL or USD"
        )
    text = str(amount).strip()
    if "," in text:
        # "12,50" is 12.50 in Brazil and 1250 in the US: guessing would store
        # one of them a hundred times too large, so the comma is refused.
        raise MoneyError(
            f"takes a dot for decimals and no thousands separators, like 1234.50; "
            f"got '{amount}'"
        )
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise MoneyError(f"expects an amount like 12.50; got '{amount}'") from None
    if not value.is_finite():
        raise MoneyError(f"expects an amount like 12.50; got '{amount}'")
    precision = get_currency_precision(code)
    minor: Decimal | None
    try:
        minor = value.scaleb(precision, context=_EXACT)
    except ArithmeticError:
        # More digits than _EXACT holds, or an exponent beyond its range
        # ('1e999999999'): too large when they lie above the point, too fine
        # when below. Never rounded, which would store another amount.
        minor = None
    if minor is None:
        whole = value.adjusted() >= 0
    else:
        whole = minor == minor.to_integral_value()
    if not whole:
        if not precision:
            raise MoneyError(
                f"takes whole amounts in {code}, like 1250; got '{amount}'"
            )
        example = Decimal(1250).scaleb(-precision)
        raise MoneyError(
            f"allows at most {precision} decimal places in {code}, like {example}; "
            f"got '{amount}'"
        )
    if minor is None or abs(minor) > MINOR_MAX:
        largest = Decimal(MINOR_MAX).scaleb(-precision)
        raise MoneyError(f"allows amounts up to {largest:,} {code}; got '{amount}'")
    return Money(amount_minor=int(minor), currency=code)
