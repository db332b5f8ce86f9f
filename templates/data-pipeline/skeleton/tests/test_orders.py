from datetime import date
from decimal import Decimal

import pytest

from pipeline.orders import Order, Rejected, daily_revenue, parse_order, parse_orders


def record(**changes: str) -> dict[str, str]:
    return {
        "order_id": "o-1",
        "customer_id": "c-1",
        "ordered_at": "2026-12-01T10:00:00Z",
        "amount": "12.50",
        "currency": "eur",
        **changes,
    }


def test_parses_a_valid_order() -> None:
    assert parse_order(record()) == Order(
        order_id="o-1",
        customer_id="c-1",
        day=date(2026, 12, 1),
        amount=Decimal("12.50"),
        currency="EUR",
    )


def test_an_order_counts_on_its_utc_day() -> None:
    assert parse_order(record(ordered_at="2026-12-02T01:30:00+02:00")).day == date(2026, 12, 1)


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"customer_id": " "}, "missing customer_id"),
        ({"amount": "12,50"}, "amount '12,50' is not a number"),
        ({"amount": "-1"}, "amount '-1' is not zero or more"),
        ({"amount": "NaN"}, "amount 'NaN' is not zero or more"),
        ({"amount": "1.005"}, "amount '1.005' has more than two decimals"),
        ({"currency": "XYZ"}, "currency 'XYZ' is not one of ['EUR', 'GBP', 'USD']"),
        ({"ordered_at": "yesterday"}, "ordered_at 'yesterday' is not an ISO 8601 time"),
        ({"ordered_at": "2026-12-01T10:00:00"}, "has no time zone"),
    ],
)
def test_rejects_a_bad_record_with_the_reason(changes: dict[str, str], reason: str) -> None:
    with pytest.raises(ValueError, match=reason.replace("[", r"\[").replace("]", r"\]")):
        parse_order(record(**changes))


def test_rejects_a_second_order_with_the_same_id_and_keeps_the_first() -> None:
    orders, rejected = parse_orders([record(), record(amount="99.00"), record(order_id="o-2")])
    assert [(o.order_id, o.amount) for o in orders] == [
        ("o-1", Decimal("12.50")),
        ("o-2", Decimal("12.50")),
    ]
    assert rejected == [Rejected(line=3, reason="order_id 'o-1' is there twice")]


def test_daily_revenue_per_day_customer_and_currency() -> None:
    orders, _ = parse_orders(
        [
            record(order_id="a", amount="10.10"),
            record(order_id="b", amount="0.90"),
            record(order_id="c", currency="USD"),
            record(order_id="d", ordered_at="2026-12-02T00:00:00Z"),
        ]
    )
    rows = daily_revenue(orders)
    assert sorted(rows[0]) == ["currency", "customer_id", "day", "orders", "revenue"]
    assert [tuple(row.values()) for row in rows] == [
        ("2026-12-01", "c-1", "EUR", 2, "11.00"),
        ("2026-12-01", "c-1", "USD", 1, "12.50"),
        ("2026-12-02", "c-1", "EUR", 1, "12.50"),
    ]
