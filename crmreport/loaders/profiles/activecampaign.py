"""ActiveCampaign deals export: "Deal Title", "Deal Value", "Deal Status" (Open/Won/Lost or 0/1/2)."""

from . import Profile, stages

DEALS = {
    "deal_id": ("Deal ID", "Deal Id"),
    "deal_name": ("Deal Title", "Title"),
    "account": ("Account", "Account Name", "Deal Account", "Organization"),
    "owner": ("Deal Owner", "Owner"),
    "pipeline": ("Pipeline", "Deal Pipeline"),
    "stage": ("Stage", "Deal Stage"),
    "status": ("Deal Status", "Status"),
    "amount": ("Deal Value", "Value"),
    "currency": ("Deal Currency", "Currency"),
    "probability": ("Deal Win Probability", "Win Probability"),
    "created_date": ("Deal Create Date", "Created Date", "Deal Created"),
    "close_date": ("Deal Close Date", "Close Date"),
    "expected_close_date": ("Deal Forecasted Close Date", "Forecasted Close Date", "Expected Close Date"),
    "lead_source": ("Deal Source", "Source"),
}

PROFILE = Profile(
    name="activecampaign",
    label="ActiveCampaign",
    signature=("Deal Title", "Deal Value", "Deal Status", "Deal Owner", "Deal Pipeline", "Deal Stage",
               "Deal Currency", "Deal Create Date", "Deal Forecasted Close Date", "Deal Win Probability"),
    columns={"deals": DEALS},
    stages=stages(("To Contact", "open", 10), ("In Contact", "open", 30), ("Follow Up", "open", 50),
                  ("Negotiation", "open", 70)),
    status_values={"0": "open", "1": "won", "2": "lost"},
    min_signature=3,
)
