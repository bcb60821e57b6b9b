"""Hand-kept spreadsheets and unknown exports: common English and Chinese column names."""

from . import Profile

DEALS = {
    "deal_id": ("deal id", "deal_id", "opportunity id", "opportunity_id", "opp id", "id", "record id", "商机编号", "商机id",
                "编号", "交易编号", "交易id", "业务机会编号"),
    "deal_name": ("deal name", "deal", "opportunity name", "opportunity", "name", "title", "deal title", "商机名称",
                  "商机", "名称", "项目名称", "交易名称", "业务机会名称"),  # 交易: HubSpot's and Pipedrive's Chinese
    "account": ("account", "account name", "company", "customer", "client", "organization", "organisation", "客户",
                "客户名称", "公司", "公司名称", "客户名"),
    "owner": ("owner", "deal owner", "sales rep", "salesperson", "sales person", "sales agent", "sales_agent", "rep",
              "account executive", "account manager", "sales owner", "assigned to", "负责人", "销售", "销售代表",
              "销售人员", "业务员", "跟进人", "销售负责人", "交易所有者", "交易负责人", "业务机会所有人"),
    "team": ("team", "sales team", "department", "division", "manager", "团队", "部门", "所属部门", "销售团队"),
    "pipeline": ("pipeline", "sales pipeline", "销售流程", "交易管道", "销售管道"),
    "stage": ("stage", "deal stage", "deal_stage", "sales stage", "opportunity stage", "阶段", "销售阶段", "商机阶段",
              "交易阶段"),
    "status": ("status", "deal status", "outcome", "result", "状态", "商机状态", "交易状态"),
    "amount": ("amount", "value", "deal value", "deal amount", "close value", "close_value", "revenue",
               "opportunity amount", "deal size", "contract value", "opportunity value", "金额", "商机金额", "合同金额",
               "成交金额", "签约金额", "交易金额", "est. value", "estimated value", "est. amount",
               "estimated amount", "预计金额"),
    "currency": ("currency", "currency code", "币种", "货币"),
    "probability": ("probability", "probability (%)", "win probability", "赢率", "成交概率", "赢单率", "可能性",
                    "likelihood", "confidence", "chance of winning", "win chance", "win likelihood",
                    "close probability"),
    "lead_source": ("lead source", "source", "lead_source", "leadsource", "channel", "来源", "商机来源", "线索来源", "客户来源",
                    "潜在客户来源"),
    "campaign": ("campaign", "campaign name", "活动", "市场活动"),
    "created_date": ("created date", "created", "create date", "created at", "created on", "created time", "date created",
                     "engage date", "engage_date", "open date", "创建日期", "创建时间"),
    "close_date": ("close date", "closing date", "close_date", "closed date", "closed at", "closed on", "closed", "date closed",
                   "won date", "date won",
                   "成交日期", "关闭日期", "结单日期", "赢单日期", "签约日期", "结束日期"),  # 结束日期: Salesforce's Chinese
    "expected_close_date": ("expected close date", "expected close", "预计成交日期", "预计结单日期", "forecast close",
                            "forecast close date", "target close date", "target close", "est. close date",
                            "estimated close date", "预计签约日期"),
    "lost_reason": ("lost reason", "loss reason", "reason lost", "reason for loss", "输单原因", "丢单原因"),
    "competitor": ("competitor", "competitors", "竞争对手"),
    "region": ("region", "territory", "area", "regional office", "regional_office", "区域", "地区", "大区"),
    "industry": ("industry", "sector", "行业"),
    "product": ("product", "product name", "products", "产品", "产品名称"),
    "type": ("type", "deal type", "opportunity type", "类型", "商机类型"),
    "exchange_rate": ("exchange rate", "汇率"),
    "lead_id": ("lead id", "leadid", "converted from lead", "线索编号"),  # the lead the deal was converted from
}

# Salesforce's, HubSpot's and Pipedrive's deal fields as their German, French, Spanish, Portuguese and Italian
# interfaces export them (Schlusstermin, Étape, Importe …), and as hand-kept sheets in those languages name them
FOREIGN_DEALS = {
    "deal_name": ("opportunity-name", "nom de l'opportunité", "nombre de la oportunidad", "nome da oportunidade",
                  "nome dell'opportunità", "titel", "titre", "título", "titolo"),
    "account": ("accountname", "nom du compte", "nombre de la cuenta", "nome da conta", "nome dell'account",
                "organización", "organização", "organizzazione"),
    "owner": ("opportunity-inhaber", "propriétaire de l'opportunité", "propietario de la oportunidad",
              "proprietário da oportunidade", "proprietario dell'opportunità", "besitzer", "inhaber", "propriétaire",
              "propietario", "proprietário", "proprietario"),
    "stage": ("phase", "étape", "etapa", "fase"),
    "status": ("statut", "stato"),  # not "estado": Spanish and Portuguese addresses' state
    "amount": ("betrag", "montant", "importe", "valor", "importo", "wert", "valeur", "valore"),
    "currency": ("währung", "devise", "moneda", "moeda", "valuta"),
    "probability": ("wahrscheinlichkeit (%)", "wahrscheinlichkeit", "probabilité (%)", "probabilité",
                    "probabilidad (%)", "probabilidad", "probabilidade (%)", "probabilidade", "probabilità (%)",
                    "probabilità"),
    "created_date": ("erstellt am", "erstellungsdatum", "date de création", "fecha de creación", "data de criação",
                     "data di creazione"),
    "close_date": ("schlusstermin", "abschlussdatum", "date de clôture", "fecha de cierre", "data de fechamento",
                   "data di chiusura"),
    "expected_close_date": ("erwartetes abschlussdatum", "date de clôture prévue", "fecha de cierre prevista",
                            "data prevista de fechamento", "data di chiusura prevista"),
    "lost_reason": ("verlustgrund", "raison de la perte", "motivo de pérdida", "motivo da perda",
                    "motivo della perdita"),
}
DEALS = {column: names + FOREIGN_DEALS.get(column, ()) for column, names in DEALS.items()}

# A table of sales people: joins team / region onto deals by owner (e.g. Maven's sales_teams.csv).
OWNERS = {
    "owner": DEALS["owner"],
    "team": DEALS["team"],
    "region": DEALS["region"],
}

# People: contacts, leads, customers (anything with an email or phone and no stage).
CONTACTS = {
    "contact_id": ("contact id", "lead id", "leadid", "customer id", "customerid", "record id", "id", "联系人编号",
                   "客户编号", "线索编号"),
    "name": ("name", "full name", "contact name", "lead name", "customer name", "contact", "姓名", "联系人",
             "联系人姓名", "客户姓名"),
    "first_name": ("first name", "firstname", "given name", "名"),
    "last_name": ("last name", "lastname", "surname", "family name", "姓"),
    "email": ("email", "e-mail", "email address", "e-mail address", "mail", "邮箱", "电子邮件", "电子邮箱"),
    "phone": ("phone", "mobile", "phone number", "telephone", "tel", "mobile phone", "cell", "cell phone",
              "电话", "手机", "联系电话", "手机号", "mobile number", "contact number", "phone no", "phone no.",
              "work phone"),
    "company": ("company", "account name", "account", "organization", "organisation", "company name", "公司",
                "公司名称", "客户名称", "单位"),
    "owner": DEALS["owner"] + ("lead owner", "contact owner", "customer owner"),
    "lead_source": DEALS["lead_source"] + ("original source", "original source type", "original traffic source"),
    "status": ("status", "lead status", "contact status", "状态", "线索状态"),
    "lifecycle_stage": ("lifecycle stage", "lifecyclestage"),  # HubSpot: subscriber, lead, … customer
    "industry": DEALS["industry"],
    "region": DEALS["region"] + ("country", "city", "国家", "城市"),
    "created_date": DEALS["created_date"] + ("date added", "added on"),
    "converted": ("converted", "isconverted", "is converted", "converted?", "已转化", "是否转化", "已转换", "是否转换",
                  "是否已转换"),
    "converted_date": ("converted date", "converteddate", "conversion date", "date converted", "转化日期", "转换日期",
                       "转换时间", "converted on", "converted at"),
    "deal_id": ("converted opportunity id", "convertedopportunityid", "converted deal id", "deal id"),
    "campaign": ("campaign", "campaign name", "lead campaign", "primary campaign", "营销活动", "市场活动"),
}

# Orders or invoices: one purchase each (CDNOW's orders.csv).
ORDERS = {
    "order_id": ("order id", "order_id", "invoice", "invoice no", "invoiceno", "order number", "订单编号", "订单号"),
    "customer_id": ("customer id", "customer_id", "customerid", "customer", "client", "account", "客户编号", "客户",
                    "customer name", "client name", "account name", "客户名称"),  # a name serves as the key
    "order_date": ("order date", "order_date", "invoice date", "invoicedate", "date", "purchase date", "下单日期",
                   "订单日期", "order time", "下单时间", "订单时间"),
    "amount": ("amount", "total", "revenue", "sales", "value", "金额", "订单金额", "order total", "order amount",
               "订单总额", "订单总金额"),
    "cost": ("cost", "cost of sales", "cogs", "成本"),
    "product": DEALS["product"] + ("stockcode", "description"),
    "quantity": ("quantity", "qty", "units", "数量"),
    "price": ("unit price", "unitprice", "price", "单价"),
    "region": ("country", "region", "国家", "地区"),
    "currency": DEALS["currency"],  # beside plain amounts: several currencies are converted or refused, not added
}

# Activities: calls, emails, meetings, tasks (Zoho Calls/Tasks/Events, Salesforce Task).
ACTIVITIES = {
    "activity_id": ("activity id", "taskid", "task id", "eventid", "event id", "call id", "id"),
    "type": ("activity type", "type", "task subtype", "tasksubtype", "活动类型", "类型", "跟进方式", "跟进类型"),
    "owner": DEALS["owner"] + ("task owner", "event owner", "call owner", "assigned to", "ownerid"),
    "date": ("activity date", "activitydate", "date", "due date", "call start time", "start datetime",
             "start time", "start date", "活动日期", "开始时间", "跟进时间", "跟进日期", "拜访时间", "拜访日期"),
    "status": ("status", "activity status", "状态"),
    "deal_id": ("deal id", "potentialid", "opportunity id", "whatid", "related deal", "商机编号"),
    "customer": ("account", "accountid", "customer", "contact", "contactid", "客户", "客户名称"),
    "duration_min": ("duration", "duration (min)", "call duration (in minutes)", "duration minutes", "时长"),
    "outcome": ("outcome", "result", "call result", "calldisposition", "结果"),
    "subject": ("subject", "主题", "跟进内容"),  # 跟进记录: a Chinese CRM's follow-up log
    # not an activity's: a table with a money total is a document (Zoho's sales orders, invoices, quotes have a
    # subject and a due date too); TABLE_TESTS keeps tables with an amount out of activities
    "amount": ("amount", "grand total", "sub total", "total", "金额", "总金额"),
}

# Service tickets (Zendesk/Freshdesk-style exports, Salesforce/Zoho cases).
TICKETS = {
    "ticket_id": ("ticket id", "ticket", "case number", "case id", "ticket number", "call id", "id", "工单编号",
                  "ticket #", "ticket no", "ticket no.", "case #"),
    "customer": ("customer name", "customer", "requester", "contact name", "account name", "客户", "客户名称"),
    "agent": ("agent", "assignee", "assigned to", "case owner", "ticket owner", "owner", "处理人", "客服"),
    "channel": ("channel", "ticket channel", "case origin", "origin", "via", "source", "渠道"),
    "priority": ("priority", "ticket priority", "优先级"),
    "category": ("category", "ticket type", "type", "issue type", "topic", "类别", "问题类型"),
    "status": ("status", "ticket status", "case status", "状态"),
    "created_at": ("created at", "created time", "created date", "create date", "created", "opened at", "date opened",
                   "创建时间", "date", "日期"),
    "first_response_at": ("first response time", "first response at", "first reply time", "initial response time",
                          "首次响应时间"),
    "resolved_at": ("time to resolution", "resolved at", "resolution time", "solved at", "closed date", "date closed",
                    "solved date", "date solved", "solved on", "resolved on", "resolved date",
                    "resolved time", "closed time", "close date", "解决时间"),
    "satisfaction": ("customer satisfaction rating", "satisfaction rating", "satisfaction score", "satisfaction",
                     "csat", "rating",
                     "survey results", "满意度"),
    "sla_hours": ("sla hours", "sla", "sla (hours)", "sla target (hours)", "sla时限（小时）", "时限（小时）"),
    "first_response_seconds": ("speed of answer in seconds", "speed of answer", "first response (seconds)",
                               "wait time (seconds)", "响应时长（秒）"),
    "resolved": ("resolved", "resolved (y/n)", "is resolved", "solved", "是否解决"),
    # durations instead of timestamps: Freshdesk (hours) and Zendesk (minutes) exports
    "first_response_hours": ("first response time (in hrs)", "first response time (hours)", "首次响应时长（小时）",
                             "first response time (hrs)", "first reply time (hrs)", "first reply time (hours)",
                             "first reply time (in hrs)"),
    "first_response_minutes": ("first reply time in minutes", "first reply time (minutes)"),
    "resolution_hours": ("resolution time (in hrs)", "resolution time (hours)", "解决时长（小时）"),
    "resolution_minutes": ("full resolution time in minutes", "resolution time in minutes"),
    "resolution_days": ("days to closed", "days to close", "resolution time (days)", "days to resolve"),
    "answered": ("answered (y/n)", "answered", "是否接听"),
}

# Marketing campaigns (Zoho/Salesforce campaigns, ad-platform exports).
# Campaigns, with Salesforce's Campaign object names (BudgetedCost …) and its campaign report's ("… in Campaign").
CAMPAIGNS = {
    "campaign_id": ("campaign id", "campaignid", "xyz campaign id", "活动编号", "id"),
    "name": ("campaign name", "campaign", "name", "活动名称"),
    "channel": ("channel", "type", "campaign type", "medium", "渠道", "类型"),
    "status": ("status", "状态"),
    "start_date": ("start date", "start", "reporting start", "startdate", "开始日期"),
    "end_date": ("end date", "end", "reporting end", "enddate", "结束日期"),
    "budget": ("budget", "budgeted cost", "planned cost", "budgetedcost", "budgeted cost in campaign", "预算"),
    "actual_cost": ("actual cost", "cost", "spent", "spend", "amount spent", "actualcost", "actual cost in campaign",
                    "实际成本", "花费", "实际花费", "实际费用"),
    "impressions": ("impressions", "曝光", "展示次数"),
    "clicks": ("clicks", "点击"),
    "responses": ("responses", "num responses", "numberofresponses", "responses in campaign", "回复"),
    "leads": ("leads", "num leads", "total conversion", "total_conversion", "numberofleads", "leads in campaign",
              "线索数"),
    "conversions": ("conversions", "approved conversion", "approved_conversion", "won deals", "numberofconvertedleads",
                    "converted leads in campaign", "转化数"),
    "revenue": ("revenue", "actual revenue", "amountwonopportunities", "value won opportunities in campaign",
                "expected revenue", "expectedrevenue", "营收", "收入"),
}

# Targets (quotas): per owner or team, per period, per metric.
TARGETS = {
    "owner": DEALS["owner"],
    "team": DEALS["team"],
    "period_start": ("period start", "period_start", "start", "from", "start date", "开始日期"),
    "period_end": ("period end", "period_end", "end", "to", "end date", "结束日期"),
    "metric": ("metric", "kpi", "measure", "指标"),
    "target": ("target", "quota", "goal", "目标", "目标值", "sales target", "revenue target", "销售目标", "业绩目标"),
    # one column naming the period instead of its start and end: 2024-03, Mar 2024, Q1 2024, 2024年3月, 2024
    "period": ("period", "month", "quarter", "year", "期间", "月份", "季度", "年份", "年月"),
    # the year of a Month or Quarter column that names none (2024 | 3): a Year column alone is the period
    "period_year": ("year", "fiscal year", "年份", "年度", "年"),
}

# Companies: an account name with attributes such as sector, revenue, employees (Maven's accounts.csv).
ACCOUNTS = {
    "account": ("account", "account name", "company", "company name", "organization", "customer", "客户", "客户名称",
                "公司名称"),
    "industry": DEALS["industry"],
    "region": DEALS["region"] + ("office location", "office_location", "country", "billing country"),
    "revenue": ("revenue", "annual revenue", "年收入"),
    "employees": ("employees", "number of employees", "employee count", "员工人数"),
    "parent_account": ("subsidiary of", "subsidiary_of", "parent account", "parent", "母公司"),
}

# Customers: a customer base with a churn flag or status (subscription and telco exports).
CUSTOMERS = {
    "customer_id": ("customer id", "customerid", "customer_id", "customer number", "account id", "客户编号", "客户ID"),
    "name": ("customer name", "name", "客户名称", "客户姓名"),
    "segment": ("segment", "customer segment", "tier", "客户分群", "客户等级"),
    "contract": ("contract", "plan", "subscription", "contract type", "合同类型", "套餐"),
    "region": ("region", "country", "state", "city", "区域", "地区", "国家"),
    "industry": ("industry", "sector", "行业"),
    "owner": ("owner", "account manager", "customer owner", "负责人", "客户经理"),
    "created_date": ("created date", "customer since", "signup date", "start date", "创建时间", "签约日期"),
    "status": ("status", "customer status", "account status", "客户状态", "状态"),
    "churned": ("churn", "churned", "is churned", "churn flag", "已流失", "是否流失"),
    "churn_date": ("churn date", "cancellation date", "cancelled at", "end date", "流失日期"),
    "churn_reason": ("churn reason", "cancellation reason", "reason", "流失原因"),
    "tenure_months": ("tenure", "tenure months", "tenure (months)", "months active", "在网时长", "在网月数"),
    "monthly_charges": ("monthlycharges", "monthly charges", "mrr", "monthly revenue", "月费", "月收入"),
    "total_charges": ("totalcharges", "total charges", "lifetime revenue", "total revenue", "累计消费", "累计收入"),
}

# Ledger: revenue, expense and budget lines (bookkeeping or a hand-kept finance sheet).
LEDGER = {
    "date": ("date", "posting date", "transaction date", "booking date", "entry date", "日期", "记账日期", "入账日期"),
    "kind": ("kind", "type", "entry type", "revenue/expense", "income/expense", "收支类型", "收支", "类型"),
    "category": ("category", "account", "gl account", "ledger account", "科目", "类别", "费用类别"),
    "amount": ("amount", "value", "金额"),
    # a book kept in two money columns instead of a kind and an amount
    "income": ("income", "money in", "inflow", "收入", "收入金额", "进账"),
    "expense": ("expense", "expenses", "expenditure", "money out", "outflow", "支出", "支出金额", "出账"),
    "source": ("source", "channel", "revenue source", "来源", "收入来源"),
    "product": ("product", "产品"),
    "description": ("description", "memo", "note", "摘要", "说明"),
    "currency": DEALS["currency"],
}

# Products: a name with a price or series (Maven's products.csv).
PRODUCTS = {
    "product": ("product", "product name", "name", "产品", "产品名称"),
    "series": ("series", "product family", "family", "category", "产品系列", "类别"),
    "price": ("price", "sales price", "sales_price", "unit price", "list price", "单价", "价格"),
    "cost": ("cost", "unit cost", "cost price", "成本"),
}

# Stage history: one row per stage a deal entered (a CRM's stage-change log). "Date entered" alone is left out: a
# hand-kept deals sheet may use it for the day the deal was written down.
STAGE_HISTORY = {
    "deal_id": ("deal id", "deal_id", "opportunity id", "opportunityid", "opp id", "record id", "商机编号", "商机id"),
    "stage": ("stage", "stage name", "stagename", "to stage", "new stage", "deal stage", "阶段", "销售阶段", "商机阶段",
              "变更后阶段"),
    "entered_at": ("entered at", "stage entered", "entered stage", "stage entered at", "entered on", "changed at",
                   "stage changed", "stage changed at", "stage change date", "moved at", "进入时间", "阶段变更时间",
                   "变更时间"),
}

PROFILE = Profile(
    name="generic",
    label="spreadsheet (generic columns)",
    signature=(),
    columns={"deals": DEALS, "owners": OWNERS, "contacts": CONTACTS, "accounts": ACCOUNTS, "products": PRODUCTS,
             "orders": ORDERS, "targets": TARGETS, "activities": ACTIVITIES, "tickets": TICKETS,
             "campaigns": CAMPAIGNS, "ledger": LEDGER, "customers": CUSTOMERS,
             "stage_history": STAGE_HISTORY},
    probability_scale=None,
)
