"""Tables of counts with totals both ways: the dashboard's visits, the yearly report's figures.

A row for each thing (a month, a district, a kind of check), a column for each measure, the
total of each column at the foot and, where adding a row's cells means something (visits by
reason), the total of each row at its end. templates/components/counts.html shows one.
"""

from dataclasses import dataclass, field

Row = tuple[str, list[int], int]  # (name, [count for each column], total of the row)


@dataclass
class Counts:
    caption: str
    row_heading: str  # what the rows are: "Month", "District"
    columns: list[str]
    rows: list[Row]
    row_totals: bool = True  # False where a row's cells do not add up to anything (joined and left)
    totals: list[int] = field(init=False)
    total: int = field(init=False)

    def __post_init__(self) -> None:
        self.totals = [sum(cells[n] for _, cells, _ in self.rows) for n in range(len(self.columns))]
        self.total = sum(self.totals)


def counts_of(
    caption: str,
    row_heading: str,
    columns: list[str],
    names: list[str],
    found: dict[tuple[str, str], int],
    row_totals: bool = True,
) -> Counts:
    """Counts from found {(row name, column): n}, a row for each of names (zeros where none)."""
    rows = [(name, [found.get((name, column), 0) for column in columns]) for name in names]
    return Counts(
        caption, row_heading, columns, [(name, cells, sum(cells)) for name, cells in rows], row_totals
    )
