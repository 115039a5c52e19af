import threading

import pytest

from safeplaces import db as database
from safeplaces.transaction import writing


@pytest.fixture
def two(tmp_path):
    first = database.connect(tmp_path / "t.db")
    database.migrate(first)
    second = database.connect(tmp_path / "t.db")
    yield first, second
    first.close()
    second.close()


def test_a_read_then_write_waits_for_another_writer_instead_of_failing(two):
    first, second = two
    done = threading.Event()
    with writing(first):
        first.execute(
            "INSERT INTO users (email, password_hash, role, created_at) VALUES ('a@x.org', 'h', 'admin', 'now')"
        )

        def other():
            with writing(second):
                count = second.execute("SELECT count(*) FROM users").fetchone()[0]
                second.execute(
                    "INSERT INTO users (email, password_hash, role, created_at) "
                    f"VALUES ('b{count}@x.org', 'h', 'admin', 'now')"
                )
            done.set()

        thread = threading.Thread(target=other)
        thread.start()
        assert not done.wait(0.3), "the second writer must wait for the first"
    thread.join(5)
    assert done.is_set()
    assert [r[0] for r in first.execute("SELECT email FROM users ORDER BY id")] == ["a@x.org", "b1@x.org"]


def test_an_error_rolls_everything_back_and_nesting_uses_savepoints(two):
    first, _ = two
    with pytest.raises(RuntimeError):
        with writing(first):
            first.execute(
                "INSERT INTO users (email, password_hash, role, created_at) VALUES ('a@x.org', 'h', 'admin', 'now')"
            )
            with writing(first):
                first.execute(
                    "INSERT INTO users (email, password_hash, role, created_at) VALUES ('b@x.org', 'h', 'admin', 'now')"
                )
            raise RuntimeError("stop")
    assert first["users"].count == 0 and not first.conn.in_transaction
