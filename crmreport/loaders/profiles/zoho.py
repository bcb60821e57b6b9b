"""Zoho CRM: Deals (formerly Potentials) module export. UTF-8 with BOM, "Probability (%)" 0–100, $22,700.00."""

from . import Profile, stages

DEALS = {
    "deal_id": ("Record Id", "Deal Id", "Potential Id", "DEALID", "POTENTIALID"),
    "deal_name": ("Deal Name", "Potential Name"),
    "account": ("Account Name",),
    "owner": ("Deal Owner", "Potential Owner"),
    "stage": ("Stage",),
    "amount": ("Amount",),
    "currency": ("Currency",),
    "exchange_rate": ("Exchange Rate",),
    "probability": ("Probability (%)", "Probability"),
    "lead_source": ("Lead Source",),
    "campaign": ("Campaign Source", "Campaign Id"),
    "created_date": ("Created Time",),
    "close_date": ("Closing Date",),
    "lost_reason": ("Reason For Loss", "Reason for Loss__s"),
    "type": ("Type",),
    "forecast_category": ("Forecast Type", "Forecast Category"),
    "pipeline": ("Pipeline", "Layout"),
    "lead_id": ("LEADID", "Lead Id"),  # the lead the deal was converted from
}

PROFILE = Profile(
    name="zoho",
    label="Zoho CRM",
    signature=("Deal Name", "Potential Name", "Deal Owner", "Potential Owner", "Closing Date", "Created Time",
               "Expected Revenue", "Probability (%)", "Exchange Rate", "Campaign Source", "Reason For Loss"),
    columns={"deals": DEALS},
    stages=stages(
        ("Qualification", "open", 10), ("Prospect", "open", 10), ("Needs Analysis", "open", 20),
        ("Value Proposition", "open", 40), ("Initial Offer", "open", 50), ("Id. Decision Makers", "open", 60),
        ("Identify Decision Makers", "open", 60), ("Perception Analysis", "open", 70),
        ("Proposal/Price Quote", "open", 75), ("Negotiation/Review", "open", 90),
        ("Closed Won", "won", 100), ("Closed Lost", "lost", 0), ("Closed-Lost to Competition", "lost", 0),
        ("Closed Lost to Competition", "lost", 0),
    ),
)
