"""HubSpot deals export: "Deal Name", "Deal Stage", "Create Date", "Deal owner", "Record ID"."""

from . import Profile, stages

DEALS = {
    "deal_id": ("Record ID", "Deal ID"),
    "deal_name": ("Deal Name",),
    "account": ("Associated Company", "Associated Company (Primary)", "Company name"),
    "owner": ("Deal owner", "Deal Owner", "HubSpot Owner"),
    "team": ("HubSpot Team",),
    "pipeline": ("Pipeline",),
    "stage": ("Deal Stage",),
    "amount": ("Amount", "Amount in company currency"),
    "currency": ("Currency",),
    "converted_amount": ("Amount in company currency",),  # beside Amount in the deal's own currency
    "probability": ("Deal probability", "Deal Probability"),
    "lead_source": ("Original Source Type", "Original Traffic Source", "Original Source", "Lead Source"),
    "created_date": ("Create Date",),
    "close_date": ("Close Date",),
    "lost_reason": ("Closed lost reason", "Closed Lost Reason"),
    "type": ("Deal Type",),
    "forecast_category": ("Forecast category", "Forecast Category"),
    # what a pipeline's own closing stages ("Signed", "Gone dark") mean, which their names don't tell
    "is_won": ("Is Closed Won",),
    "is_closed": ("Is Deal Closed?", "Is Closed"),
}

PROFILE = Profile(
    name="hubspot",
    label="HubSpot",
    signature=("Deal Name", "Deal Stage", "Create Date", "Deal owner", "Record ID", "Pipeline", "Deal Type",
               "Deal probability", "Closed lost reason", "Associated Company"),
    columns={"deals": DEALS},
    stages=stages(
        ("Appointment Scheduled", "open", 20), ("Qualified To Buy", "open", 40), ("Presentation Scheduled", "open", 60),
        ("Decision Maker Bought-In", "open", 80), ("Contract Sent", "open", 90),
        ("Closed Won", "won", 100), ("Closed Lost", "lost", 0),
    ),
    probability_scale=None,
    min_signature=3,
)
