from safeplaces import geo


def test_the_box_search_starts_from_the_rtree(db):
    """Without this order, a search reads every place: see NEAR_BOX_SQL."""
    plan = [row[3] for row in db.execute(f"EXPLAIN QUERY PLAN {geo.NEAR_BOX_SQL}", (0, 1, 0, 1))]
    assert plan[0].startswith("SCAN places_rtree VIRTUAL TABLE")
    assert plan[1].startswith("SEARCH places USING INTEGER PRIMARY KEY")
