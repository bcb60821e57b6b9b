"""Salesforce opportunities: report exports ("Opportunity Name", "Probability (%)", "USD 12,000.00", M/D/YYYY)
and Data Loader / API exports (StageName, CloseDate, IsWon, IsClosed)."""

from . import Profile, stages

DEALS = {
    "deal_id": ("Opportunity ID", "Opportunity Id", "Id"),
    "deal_name": ("Opportunity Name", "Name"),
    "account": ("Account Name", "Account", "AccountId"),
    "owner": ("Opportunity Owner", "Owner Name", "Owner", "OwnerId"),
    "team": ("Owner Role", "Role"),
    "stage": ("Stage", "StageName"),
    "amount": ("Amount", "Amount (converted)"),
    "currency": ("Amount Currency", "Opportunity Currency", "CurrencyIsoCode"),
    "converted_amount": ("Amount (converted)",),  # in the org's corporate currency, beside Amount
    "converted_currency": ("Amount (converted) Currency",),
    "probability": ("Probability (%)", "Probability"),
    "lead_source": ("Lead Source", "LeadSource"),
    "campaign": ("Primary Campaign Source", "Campaign", "CampaignId"),
    "created_date": ("Created Date", "CreatedDate"),
    "close_date": ("Close Date", "CloseDate"),
    "type": ("Type",),
    "forecast_category": ("Forecast Category", "ForecastCategoryName", "ForecastCategory"),
    "is_won": ("Won", "IsWon"),
    "is_closed": ("Closed", "IsClosed"),
    "lost_reason": ("Loss Reason", "Loss_Reason__c", "Reason Lost"),
    "product": ("Product__c", "Product Name"),
    "region": ("Region", "Billing State/Province", "Territory"),
    "industry": ("Industry",),
}

# OpportunityHistory (Data Loader / API): a row each time an opportunity's stage, amount or close date changed.
STAGE_HISTORY = {
    "deal_id": ("OpportunityId",),
    "stage": ("StageName",),
    "entered_at": ("CreatedDate",),
}

PROFILE = Profile(
    name="salesforce",
    label="Salesforce",
    signature=("Opportunity Name", "Opportunity Owner", "Opportunity ID", "Fiscal Period", "StageName", "CloseDate",
               "IsWon", "IsClosed", "AccountId", "OwnerId", "ForecastCategoryName", "LeadSource", "Probability (%)",
               "Close Date", "Stage", "OpportunityId"),
    columns={"deals": DEALS, "stage_history": STAGE_HISTORY},
    stages=stages(
        ("Prospecting", "open", 10), ("Qualification", "open", 10), ("Needs Analysis", "open", 20),
        ("Value Proposition", "open", 50), ("Id. Decision Makers", "open", 60), ("Perception Analysis", "open", 70),
        ("Proposal/Price Quote", "open", 75), ("Negotiation/Review", "open", 90),
        ("Closed Won", "won", 100), ("Closed Lost", "lost", 0),
    ),
    min_signature=3,
)
