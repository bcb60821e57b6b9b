"""Microsoft Dynamics 365 Sales opportunities, as its "Export to Excel" writes a view: "Topic", "Potential Customer",
"Est. Revenue", "Est. Close Date", "Status" (Open/Won/Lost), "Status Reason", "Pipeline Phase" ("2-Develop"), and the
hidden "(Do Not Modify) …" columns first. A won deal's "Actual Revenue" and "Actual Close Date" are what it was won
for and when."""

from . import Profile, stages

DEALS = {
    "deal_id": ("(Do Not Modify) Opportunity", "Opportunity", "opportunityid"),
    "deal_name": ("Topic", "name"),
    "account": ("Potential Customer", "Account", "customerid", "parentaccountid"),
    "owner": ("Owner", "ownerid"),
    "team": ("Owning Business Unit", "Business Unit", "owningbusinessunit"),
    "stage": ("Pipeline Phase", "Sales Stage", "stepname", "salesstagecode"),
    "status": ("Status", "statecode"),
    "amount": ("Est. Revenue", "Estimated Revenue", "estimatedvalue"),
    "actual_amount": ("Actual Revenue", "actualvalue"),
    "probability": ("Probability", "closeprobability"),
    "campaign": ("Source Campaign", "campaignid"),
    "created_date": ("Created On", "createdon"),
    "close_date": ("Actual Close Date", "actualclosedate"),
    "expected_close_date": ("Est. Close Date", "Estimated Close Date", "estimatedclosedate"),
    "forecast_category": ("Forecast Category", "msdyn_forecastcategory"),
    "lost_reason": ("Status Reason", "statuscode"),  # a lost deal's: Canceled or Out-Sold
    "type": ("Opportunity Type",),
}

# Leads: "Status" is Open, Qualified (converted into an opportunity) or Disqualified
LEADS = {
    "contact_id": ("(Do Not Modify) Lead", "leadid"),
    "company": ("Company Name", "companyname"),
    "phone": ("Business Phone", "Mobile Phone", "telephone1", "mobilephone"),
    "email": ("Email", "emailaddress1"),
    "status": ("Status", "statecode"),
    "lead_source": ("Lead Source", "leadsourcecode"),
    "created_date": ("Created On", "createdon"),
    "owner": ("Owner", "ownerid"),
    "campaign": ("Source Campaign", "campaignid"),
}

PROFILE = Profile(
    name="dynamics",
    label="Dynamics 365",
    signature=("(Do Not Modify) Opportunity", "(Do Not Modify) Row Checksum", "Topic", "Potential Customer",
               "Est. Revenue", "Est. Close Date", "Actual Revenue", "Actual Close Date", "Pipeline Phase",
               "Status Reason", "estimatedvalue", "estimatedclosedate", "actualvalue", "closeprobability",
               "(Do Not Modify) Lead"),
    columns={"deals": DEALS, "contacts": LEADS},
    # Dynamics sets no probability by stage (the seller types one): the stages only give the order
    stages=stages(
        ("Qualify", "open", None), ("1-Qualify", "open", None), ("Develop", "open", None), ("2-Develop", "open", None),
        ("Propose", "open", None), ("3-Propose", "open", None), ("Close", "open", None), ("4-Close", "open", None),
    ),
    converted_statuses=("qualified",),
    min_signature=3,
)
