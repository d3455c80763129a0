"""An illustrative population profile (the demo, the test world and the bench): proportions
rounded from public 2021 census figures for England (age, sex, ethnic group) and the IMD's
quintiles (a fifth each nationally; a little more deprived here). Illustrative only: an ICB
imports its own from the ONS census or its GP registered population."""

from __future__ import annotations

SOURCE = "Illustrative: rounded from ONS Census 2021 (England)"
SHARES: dict[str, dict[str, float]] = {
    "age_band": {
        "0-15": 0.19,
        "16-24": 0.10,
        "25-34": 0.14,
        "35-44": 0.13,
        "45-54": 0.13,
        "55-64": 0.12,
        "65-74": 0.10,
        "75-84": 0.07,
        "85+": 0.02,
    },
    "sex": {"1": 0.49, "2": 0.51},
    "ethnic_category": {
        "A": 0.735,
        "B": 0.005,
        "C": 0.064,
        "D": 0.009,
        "E": 0.005,
        "F": 0.009,
        "G": 0.008,
        "H": 0.033,
        "J": 0.027,
        "K": 0.011,
        "L": 0.016,
        "M": 0.011,
        "N": 0.025,
        "P": 0.005,
        "R": 0.008,
        "S": 0.029,
    },
    "imd_quintile": {"1": 0.24, "2": 0.21, "3": 0.19, "4": 0.18, "5": 0.18},
}


def rows(total: int = 1_200_000) -> list[list[str]]:
    """The profile as a spreadsheet's rows (category, group code, count), as an ICB would import it."""
    return [
        [category, code, str(round(share * total))]
        for category, shares in SHARES.items()
        for code, share in shares.items()
    ]


def csv_text(total: int = 1_200_000) -> str:
    return "Category,Code,Count\n" + "\n".join(",".join(r) for r in rows(total)) + "\n"
