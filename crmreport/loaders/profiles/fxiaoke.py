"""纷享销客 (Fxiaoke) 商机 export: Chinese headers, usually GB18030 from Excel, 赢率 0–100."""

from . import Profile, stages

DEALS = {
    "deal_id": ("商机编号", "商机ID", "编号"),
    "deal_name": ("商机名称",),
    "account": ("客户名称", "客户"),
    "owner": ("负责人",),
    "team": ("所属部门", "负责人所属部门", "部门"),
    "pipeline": ("商机流程", "销售流程"),
    "stage": ("销售阶段", "阶段"),
    "status": ("商机状态", "阶段状态", "状态"),
    "amount": ("商机金额", "金额", "预计销售金额"),
    "currency": ("币种",),
    "probability": ("赢率", "阶段赢率"),
    "lead_source": ("商机来源", "来源"),
    "created_date": ("创建时间", "创建日期"),
    "close_date": ("结单日期", "实际结单日期", "赢单日期"),
    "expected_close_date": ("预计成交日期", "预计结单日期"),
    "lost_reason": ("输单原因",),
    "competitor": ("竞争对手",),
    "product": ("产品名称", "产品"),
    "region": ("区域", "地区"),
    "type": ("商机类型",),
}

PROFILE = Profile(
    name="fxiaoke",
    label="纷享销客 (Fxiaoke)",
    signature=("商机名称", "销售阶段", "商机金额", "负责人", "预计成交日期", "赢率", "商机状态", "商机来源", "结单日期"),
    columns={"deals": DEALS},
    stages=stages(
        ("验证客户", "open", 10), ("需求确定", "open", 30), ("方案/报价", "open", 60), ("谈判审核", "open", 80),
        ("赢单", "won", 100), ("输单", "lost", 0), ("无效", "lost", 0),
    ),
    min_signature=3,
)
