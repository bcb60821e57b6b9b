"""Odoo CRM opportunities, as its list view's "Export" writes them (field labels as headers): "Opportunity",
"Customer", "Salesperson", "Sales Team", "Stage", "Expected Revenue", "Probability", "Expected Closing", "Closed Date",
"Created on", "Lost Reason", "Active". Odoo marks a deal lost by archiving it (Active false) with a lost reason and
leaves its stage as it was: such deals are lost, whatever their stage says."""

from . import Profile, stages

DEALS = {
    "deal_name": ("Opportunity",),
    "account": ("Customer", "Company Name"),
    "amount": ("Expected Revenue",),  # the deal's value; "Prorated Revenue" is it times the probability
    "currency": ("Currency",),
    "expected_close_date": ("Expected Closing",),
    "close_date": ("Closed Date",),
    "created_date": ("Created on",),
    "is_active": ("Active",),
}

PROFILE = Profile(
    name="odoo",
    label="Odoo",
    # its own words mostly: "Opportunity", "Customer", "Lost Reason" are a hand-kept sheet's too
    signature=("Expected Revenue", "Prorated Revenue", "Expected Closing", "Salesperson", "Sales Team", "Created on",
               "Active", "Opportunity"),
    columns={"deals": DEALS},
    # Odoo's default pipeline; it sets each deal's probability itself (none by stage)
    stages=stages(("New", "open", None), ("Qualified", "open", None), ("Proposition", "open", None),
                  ("Won", "won", None)),
    archived_is_lost=True,
    min_signature=4,
)
