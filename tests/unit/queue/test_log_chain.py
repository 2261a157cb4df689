from services.queue.waiting_list.domain.log_chain import (
    GENESIS,
    ChainVerifier,
    chain_hash,
)


def build(count):
    records, prev = [], GENESIS
    for n in range(1, count + 1):
        record = {"n_text": f"change {n}", "actor": "hospital:h1", "reason": None}
        digest = chain_hash(prev, record)
        records.append({"n": n, "prev_hash": prev, "hash": digest, "record": record})
        prev = digest
    return records


def verify(records, head, length):
    verifier = ChainVerifier()
    for r in records:
        verifier.feed(r["n"], r["prev_hash"], r["hash"], r["record"])
    return verifier.result(head, length)


def test_an_untouched_chain_is_intact():
    records = build(5)
    result = verify(records, records[-1]["hash"], 5)
    assert result.intact and result.checked == 5 and result.first_broken is None


def test_the_hash_covers_canonical_json_whatever_the_key_order():
    assert chain_hash(GENESIS, {"a": 1, "b": "ž"}) == chain_hash(
        GENESIS, {"b": "ž", "a": 1}
    )


def test_a_changed_record_is_the_first_broken_one():
    records = build(5)
    records[2]["record"]["reason"] = "moved ahead quietly"
    result = verify(records, records[-1]["hash"], 5)
    assert (result.intact, result.first_broken) == (False, 3)
    assert "hash" in result.problem


def test_a_record_recomputed_after_tampering_breaks_the_next_link():
    records = build(5)
    records[1]["record"]["actor"] = "admin:x"
    records[1]["hash"] = chain_hash(records[1]["prev_hash"], records[1]["record"])
    result = verify(records, records[-1]["hash"], 5)
    assert (result.intact, result.first_broken) == (False, 3)


def test_a_removed_record_is_reported_missing():
    records = build(5)
    del records[2]
    result = verify(records, records[-1]["hash"], 5)
    assert (result.intact, result.first_broken) == (False, 3)


def test_removing_the_tail_is_detected_by_length_and_head():
    records = build(5)
    assert verify(records[:4], records[-1]["hash"], 5).first_broken == 5
    shortened = verify(records[:4], records[-1]["hash"], 4)
    assert not shortened.intact and shortened.first_broken == 4


def test_an_empty_log_is_intact():
    assert verify([], GENESIS, 0).intact
