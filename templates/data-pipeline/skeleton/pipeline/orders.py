"""The sample transformation: orders in, revenue per day and customer out.

Replace it with your own and keep its shape: check every input record, reject
a bad one with the reason, transform the good ones.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation

# The input's columns (docs/api.md).
FIELDS = ("order_id", "customer_id", "ordered_at", "amount", "currency")
CURRENCIES = frozenset({"EUR", "GBP", "USD"})
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Order:
    order_id: str
    customer_id: str
    day: date
    amount: Decimal
    currency: str


@dataclass(frozen=True)
class Rejected:
    """An input record left out, with its line in the file and why."""

    line: int
    reason: str


def parse_order(record: Mapping[str, str | None]) -> Order:
    """One input record as an Order; a ValueError says what is wrong with it."""
    values = {field: (record.get(field) or "").strip() for field in FIELDS}
    missing = [field for field, value in values.items() if not value]
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    try:
        amount = Decimal(values["amount"])
    except InvalidOperation:
        raise ValueError(f"amount {values['amount']!r} is not a number") from None
    if not amount.is_finite() or amount < 0:
        raise ValueError(f"amount {values['amount']!r} is not zero or more")
    if amount != amount.quantize(CENT):
        raise ValueError(f"amount {values['amount']!r} has more than two decimals")
    currency = values["currency"].upper()
    if currency not in CURRENCIES:
        raise ValueError(f"currency {values['currency']!r} is not one of {sorted(CURRENCIES)}")
    try:
        ordered_at = datetime.fromisoformat(values["ordered_at"])
    except ValueError:
        raise ValueError(f"ordered_at {values['ordered_at']!r} is not an ISO 8601 time") from None
    if ordered_at.tzinfo is None:
        raise ValueError(f"ordered_at {values['ordered_at']!r} has no time zone")
    return Order(
        order_id=values["order_id"],
        customer_id=values["customer_id"],
        day=ordered_at.astimezone(UTC).date(),
        amount=amount,
        currency=currency,
    )


def parse_orders(
    records: Iterable[Mapping[str, str | None]],
) -> tuple[list[Order], list[Rejected]]:
    """The valid orders, and the records rejected (a second order_id is one)."""
    orders: list[Order] = []
    rejected: list[Rejected] = []
    seen: set[str] = set()
    # line 1 of the file is its header
    for line, record in enumerate(records, start=2):
        try:
            order = parse_order(record)
        except ValueError as error:
            rejected.append(Rejected(line, str(error)))
            continue
        if order.order_id in seen:
            rejected.append(Rejected(line, f"order_id {order.order_id!r} is there twice"))
            continue
        seen.add(order.order_id)
        orders.append(order)
    return orders, rejected


def daily_revenue(orders: Iterable[Order]) -> list[dict[str, str | int]]:
    """Orders and revenue per UTC day, customer and currency, in that order."""
    totals: dict[tuple[date, str, str], tuple[int, Decimal]] = {}
    for order in orders:
        key = (order.day, order.customer_id, order.currency)
        count, revenue = totals.get(key, (0, Decimal(0)))
        totals[key] = (count + 1, revenue + order.amount)
    return [
        {
            "day": day.isoformat(),
            "customer_id": customer_id,
            "currency": currency,
            "orders": count,
            "revenue": str(revenue.quantize(CENT)),
        }
        for (day, customer_id, currency), (count, revenue) in sorted(totals.items())
    ]
