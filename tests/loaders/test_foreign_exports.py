"""Deals exported from Salesforce, HubSpot or Pipedrive set to German, French, Spanish, Portuguese or Italian
(Schlusstermin, Étape, Importe, Deal - Wert …), and their closed stages (Geschlossen und gewonnen, Fermée perdue,
Cerrada ganada, Fechado e ganho, Chiusa persa): such files were not recognised at all, and their won and lost stages
were open. Won and lost deals and amounts are counted from the rows by a loop."""

from __future__ import annotations

import pytest

from tests.helpers import report_json, write_csv

EXPORTS = {
    "salesforce, German": (
        ["Opportunity-Name", "Accountname", "Opportunity-Inhaber", "Phase", "Betrag", "Wahrscheinlichkeit (%)",
         "Schlusstermin", "Erstellt am"],
        [["A", "Acme", "Anna", "Geschlossen und gewonnen", "1.000,00", "100", "05.03.2024", "15.01.2024"],
         ["B", "Beta", "Bernd", "Geschlossen und verloren", "2.000,00", "0", "10.02.2024", "16.01.2024"],
         ["C", "Gamma", "Anna", "Verhandlung/Prüfung", "3.000,00", "90", "01.04.2024", "17.01.2024"]]),
    "salesforce, French": (
        ["Nom de l'opportunité", "Nom du compte", "Propriétaire de l'opportunité", "Étape", "Montant",
         "Probabilité (%)", "Date de clôture", "Date de création"],
        [["A", "Acme", "Anne", "Fermée gagnée", "1 000,00 €", "100", "05/03/2024", "15/01/2024"],
         ["B", "Beta", "Bernard", "Fermée perdue", "2 000,00 €", "0", "10/02/2024", "16/01/2024"],
         ["C", "Gamma", "Anne", "Négociation", "3 000,00 €", "90", "01/04/2024", "17/01/2024"]]),
    "salesforce, Spanish": (
        ["Nombre de la oportunidad", "Nombre de la cuenta", "Propietario de la oportunidad", "Etapa", "Importe",
         "Probabilidad (%)", "Fecha de cierre", "Fecha de creación"],
        [["A", "Acme", "Ana", "Cerrada ganada", "1.000,00", "100", "05/03/2024", "15/01/2024"],
         ["B", "Beta", "Bruno", "Cerrada perdida", "2.000,00", "0", "10/02/2024", "16/01/2024"],
         ["C", "Gamma", "Ana", "Negociación/Revisión", "3.000,00", "90", "01/04/2024", "17/01/2024"]]),
    "hand-kept, Portuguese": (
        ["Nome da oportunidade", "Proprietário", "Fase", "Valor", "Data de fechamento"],
        [["A", "Ana", "Fechado e ganho", "1.000,00", "05/03/2024"],
         ["B", "Bruno", "Fechado e perdido", "2.000,00", "10/02/2024"],
         ["C", "Ana", "Proposta", "3.000,00", "01/04/2024"]]),
    "hand-kept, Italian": (
        ["Titolo", "Proprietario", "Fase", "Importo", "Data di chiusura"],
        [["A", "Anna", "Chiusa vinta", "1.000,00", "05/03/2024"],
         ["B", "Bruno", "Chiusa persa", "2.000,00", "10/02/2024"],
         ["C", "Anna", "Trattativa", "3.000,00", "01/04/2024"]]),
    "pipedrive, German": (
        ["Deal - Titel", "Deal - Wert", "Deal - Währung", "Deal - Phase", "Deal - Status", "Deal - Besitzer",
         "Deal - Organisation", "Deal - Erwartetes Abschlussdatum"],
        [["A", "1000", "EUR", "Verhandlung", "gewonnen", "Anna", "Acme", "2024-02-01"],
         ["B", "2000", "EUR", "Angebot", "verloren", "Bernd", "Beta", "2024-03-01"],
         ["C", "3000", "EUR", "Angebot", "offen", "Anna", "Gamma", "2024-04-01"]]),
}
WON_WORDS, LOST_WORDS = ("gewonnen", "gagnée", "ganada", "ganho", "vinta"), ("verloren", "perdue", "perdida",
                                                                             "perdido", "persa")


def _status(row: list[str]) -> str:
    words = " ".join(row).lower().split()
    return "won" if set(words) & set(WON_WORDS) else "lost" if set(words) & set(LOST_WORDS) else "open"


@pytest.mark.parametrize("name", EXPORTS)
def test_foreign_exports_count_won_and_lost(tmp_path, name):
    header, rows = EXPORTS[name]
    doc = report_json("funnel", "--from", write_csv(tmp_path / "deals.csv", header, rows))
    statuses = [_status(row) for row in rows]
    kpis = doc["kpis"]
    assert (kpis["won_count"], kpis["lost_count"], kpis["open_count"]) == \
        (statuses.count("won"), statuses.count("lost"), statuses.count("open")) == (1, 1, 1)
    assert kpis["won_amount"] == 1000  # each file's won deal, written 1.000,00, 1 000,00 € or 1000
    owners = report_json("performance", "--from", tmp_path / "deals.csv")["tables"]["by_owner"]
    assert {row["owner"] for row in owners} == {row[header.index(column)] for row in rows
                                                for column in header if column in OWNER_HEADERS}


OWNER_HEADERS = {"Opportunity-Inhaber", "Propriétaire de l'opportunité", "Propietario de la oportunidad",
                 "Proprietário", "Proprietario", "Deal - Besitzer"}


def test_the_close_date_is_read_day_first(tmp_path):
    header, rows = EXPORTS["salesforce, German"]
    march = report_json("funnel", "--from", write_csv(tmp_path / "deals.csv", header, rows),
                        "--since", "2024-03-01", "--until", "2024-03-31")
    assert march["kpis"]["won_amount"] == 1000  # 05.03.2024: 5 March


def test_a_project_trackers_phase_is_no_deal_stage(tmp_path):
    # "Phase" is a stage beside an amount, a close date or a probability; a task list's phases are no deals
    tasks = write_csv(tmp_path / "tasks.csv", ["Task", "Owner", "Phase", "Status", "Due"],
                      [["Design", "Ann", "Planning", "In progress", "2024-03-01"]])
    deals = write_csv(tmp_path / "deals.csv", ["Deal", "Owner", "Phase", "Amount"], [["A", "Ann", "Won", "500"]])
    doc = report_json("funnel", "--from", tasks, "--from", deals)
    assert [(source["path"], source["table"]) for source in doc["inputs"]] == [(str(tasks), None),
                                                                              (str(deals), "deals")]
    assert doc["kpis"]["won_amount"] == 500
