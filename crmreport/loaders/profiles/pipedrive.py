"""Pipedrive deals export: "Deal - Title", "Deal - Status" (open/won/lost), "Deal - Won time", "Deal - Lost time".

A closed deal's close date is its won or lost time, not "Expected close date" (see SPEC).
"""

from . import Profile, stages


def _both(*names: str) -> tuple[str, ...]:
    """Pipedrive writes "Deal - Title" in combined exports and "Title" in deal-only exports."""
    return tuple(f"Deal - {name}" for name in names) + names


DEALS = {
    "deal_id": _both("ID"),
    "deal_name": _both("Title"),
    "account": _both("Organization", "Organisation"),
    "owner": _both("Owner", "Deal owner"),
    "pipeline": _both("Pipeline"),
    "stage": _both("Stage"),
    "status": _both("Status"),
    "amount": _both("Value"),
    "currency": _both("Currency", "Currency of Value"),
    "probability": _both("Probability"),
    "lead_source": _both("Source", "Lead source", "Source channel"),
    "created_date": _both("Deal created", "Add time"),
    "expected_close_date": _both("Expected close date"),
    "won_time": _both("Won time"),
    "lost_time": _both("Lost time"),
    "close_date": _both("Close time"),
    "lost_reason": _both("Lost reason"),
    "product": _both("Product name", "Products"),
}

PROFILE = Profile(
    name="pipedrive",
    label="Pipedrive",
    signature=("Deal - Title", "Deal - Status", "Deal - Won time", "Deal - Lost time", "Deal - Expected close date",
               "Deal - Deal created", "Deal - Stage", "Deal - Value", "Won time", "Lost time", "Deal created",
               "Expected close date"),
    columns={"deals": DEALS},
    stages=stages(
        ("Lead In", "open", 10), ("Qualified", "open", 20), ("Contact Made", "open", 40), ("Demo Scheduled", "open", 50),
        ("Needs Defined", "open", 50), ("Proposal Made", "open", 60), ("Negotiations Started", "open", 80),
    ),
)
