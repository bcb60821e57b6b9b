"""Stage and status words: a stage named "Deal Won" or "Deal Lost" is closed in the funnel's stage list as it is in
the deal counts (its stage key, "dealwon", lost the space the word needs: the funnel listed it as an open stage with
no deals and made up its reach); hand-kept sheets' dead, cancelled, rejected, declined and abandoned deals are lost,
not open."""

from __future__ import annotations

import pytest

from tests.helpers import cli, report_json, write_csv

HEADER = ["Deal Name", "Owner", "Stage", "Amount", "Close Date"]
ROWS = [["A", "Ann", "Prospecting", "100", "2024-03-05"], ["B", "Ann", "Deal Won", "200", "2024-03-05"],
        ["C", "Bob", "Deal Lost", "300", "2024-03-05"], ["D", "Bob", "Dead", "400", "2024-03-05"],
        ["E", "Bob", "Proposal", "500", "2024-03-05"], ["F", "Cy", "Won - Signed", "600", "2024-03-05"],
        ["G", "Cy", "Cancelled", "700", "2024-03-05"], ["H", "Cy", "已取消", "800", "2024-03-05"]]
STATUS = {"Prospecting": "open", "Proposal": "open", "Deal Won": "won", "Won - Signed": "won", "Deal Lost": "lost",
          "Dead": "lost", "Cancelled": "lost", "已取消": "lost"}


def test_the_funnel_lists_closed_stages_once_as_closed(tmp_path):
    report = report_json("funnel", "--from", write_csv(tmp_path / "deals.csv", HEADER, ROWS))
    counted = {status: [row for row in ROWS if STATUS[row[2]] == status] for status in ("open", "won", "lost")}
    assert report["kpis"]["open_count"] == len(counted["open"]) == 2
    assert report["kpis"]["won_count"] == len(counted["won"]) == 2
    assert report["kpis"]["lost_count"] == len(counted["lost"]) == 4
    stages = report["tables"]["stages"]
    assert [(row["stage"], row["status"]) for row in stages[:2]] == [("Prospecting", "open"), ("Proposal", "open")]
    assert [row["status"] for row in stages[2:]] == ["won", "lost"]  # no closed stage among the open ones
    assert [row["deals"] for row in stages] == [1, 1, 2, 4]
    # every deal reached the first stage; Proposal was reached by its own deal and the won ones
    assert [row["reached"] for row in stages[:3]] == [len(ROWS), 1 + 2, 2]


@pytest.mark.parametrize("word", ["Dead", "Cancelled", "canceled", "Rejected", "Declined", "Abandoned", "放弃"])
def test_status_words_of_lost_deals(tmp_path, word):
    rows = [["A", "Ann", "Proposal", word, "100", "2024-03-05"], ["B", "Ann", "Proposal", "Open", "50", "2024-03-05"]]
    path = write_csv(tmp_path / "deals.csv", ["Deal Name", "Owner", "Stage", "Status", "Amount", "Close Date"], rows)
    kpis = report_json("funnel", "--from", path)["kpis"]
    assert (kpis["lost_count"], kpis["open_count"]) == (1, 1)


def test_the_audit_knows_closed_stage_words(tmp_path):
    """A Zoho export's "Deal Won" is no stage unknown to Zoho's pipeline; a custom open stage still is."""
    path = write_csv(tmp_path / "zoho.csv", ["Deal Name", "Deal Owner", "Stage", "Amount", "Closing Date"],
                     [["A", "Ann", "Qualification", "100", "2024-03-05"], ["B", "Ann", "Deal Won", "200", "2024-03-05"],
                      ["C", "Ann", "Custom Step", "300", "2024-03-05"]])
    audit = report_json("audit", "--from", path)
    assert audit["inputs"][0]["profile"] == "zoho"
    assert [row["value"] for row in audit["tables"]["unknown_stage"]] == ["Custom Step"]


def test_not_yet_closed_or_signed_is_open(tmp_path):
    """成交 and 签约 (closed, signed) are won; 未成交, 待成交 and 待签约 (not yet closed, awaiting signature) were won
    too, for the words inside them: a pipeline counted as revenue."""
    rows = [["A", "张三", "已成交", "1000"], ["B", "李四", "未成交", "500"], ["C", "张三", "待成交", "800"],
            ["D", "张三", "待签约", "300"], ["E", "李四", "签约", "700"], ["F", "李四", "方案报价", "200"]]
    won = {"已成交", "签约"}
    report = report_json("funnel", "--from", write_csv(tmp_path / "商机.csv", ["商机名称", "负责人", "阶段", "金额"], rows))
    assert report["kpis"]["won_count"] == sum(row[2] in won for row in rows) == 2
    assert report["kpis"]["won_amount"] == sum(int(row[3]) for row in rows if row[2] in won) == 1700
    assert report["kpis"]["open_count"] == len(rows) - 2


def test_a_status_column_of_other_words_counts_them_open(tmp_path):
    """A hand-kept sheet whose one Status column says where each deal stands ("Negotiating", "Proposal sent") beside
    Won and Lost: those deals were left out of every figure ("stage missing, and no status either"); now they are
    open, and the report says which words it read so."""
    rows = [["A", "Won", "100", "Ann", "2024-01-01"], ["B", "Negotiating", "200", "Bob", "2099-01-02"],
            ["C", "Lost", "50", "Bob", "2024-01-03"], ["D", "Proposal sent", "300", "Ann", "2099-02-01"],
            ["E", "Negotiating", "400", "Ann", "2099-03-01"]]
    path = write_csv(tmp_path / "deals.csv", ["Deal Name", "Status", "Amount", "Owner", "Close Date"], rows)
    report = report_json("pipeline", "--from", path)
    open_rows = [row for row in rows if row[1] not in ("Won", "Lost")]
    assert (report["kpis"]["open_count"], report["kpis"]["open_amount"]) == (len(open_rows), 900)
    assert f"{path}: status (Status): 3 values matched no open, won or lost word, e.g. 'Negotiating' (rows 3, 5, 6); " \
           "those deals count as open" in report["warnings"]
    markdown = cli("pipeline", "--from", path, "--lang", "zh", "-F", "md").stdout
    assert f"{path}：状态 (Status)：3 个值不是表示进行中、赢单或输单的用词，例如 'Negotiating'（第 3, 5, 6 行）；这些商机按" \
           "进行中计" in markdown


@pytest.mark.parametrize("won, lost, still_open", [("gewonnen", "verloren", "offen"), ("gagné", "perdu", "ouvert"),
                                                   ("ganado", "perdido", "abierto"), ("ganho", "perdido", "aberto"),
                                                   ("vinto", "perso", "aperto")])
def test_pipedrive_statuses_in_other_languages(tmp_path, won, lost, still_open):
    """Pipedrive writes a deal's status in its user's language; read as unknown words, a German export's won deals
    took their stage's status (open): no deal was won."""
    rows = [["A", "1000", won, "Ann", "2024-03-01", "", "Verhandlung"],
            ["B", "500", lost, "Bob", "", "2024-03-02", "Angebot"],
            ["C", "800", still_open, "Ann", "", "", "Angebot"],
            ["D", "300", won, "Bob", "2024-03-04", "", "Angebot"]]
    path = write_csv(tmp_path / "deals.csv", ["Deal - Title", "Deal - Value", "Deal - Status", "Deal - Owner",
                                              "Deal - Won time", "Deal - Lost time", "Deal - Stage"], rows)
    kpis = report_json("performance", "--from", path)["kpis"]
    assert (kpis["won_count"], kpis["won_amount"], kpis["lost_count"]) == (2, 1300, 1)
    assert report_json("pipeline", "--from", path)["kpis"]["open_amount"] == 800
