from services.queue.waiting_list.domain.milestones import reached

MILESTONES = (10, 3, 1)


def before_from(keys):
    positions = {key: index + 1 for index, key in enumerate(keys)}
    return positions.get


def test_the_head_leaving_moves_exactly_three_entries_across_milestones():
    queue = list(range(100, 200))
    after = queue[1:]
    found = reached(after[:10], before_from(queue), MILESTONES)
    assert [(r.key, r.position, r.milestones) for r in found] == [
        (101, 1, (1,)),
        (103, 3, (3,)),
        (110, 10, (10,)),
    ]


def test_someone_leaving_from_position_five_moves_only_the_tenth_milestone():
    queue = list(range(100, 120))
    after = queue[:4] + queue[5:]
    found = reached(after[:10], before_from(queue), MILESTONES)
    assert [(r.key, r.milestones) for r in found] == [(110, (10,))]


def test_a_pull_of_several_announces_only_the_nearest_milestone_crossed():
    queue = list(range(100, 130))
    after = queue[9:]
    found = reached(after[:10], before_from(queue), MILESTONES)
    assert {r.key: r.milestones for r in found} == {
        109: (1, 3),
        110: (3, 10),
        111: (3, 10),
        **{key: (10,) for key in range(112, 119)},
    }
    assert {r.key: r.announced for r in found if r.key < 112} == {
        109: 1,
        110: 3,
        111: 3,
    }


def test_an_entry_placed_or_returned_ahead_does_not_reach_a_milestone():
    queue = list(range(100, 110))
    after = [50, *queue]
    assert reached(after[:10], before_from(queue), MILESTONES) == []


def test_nothing_crosses_when_the_queue_only_grows_behind():
    queue = list(range(100, 105))
    assert reached(queue + [200], before_from(queue), MILESTONES) == []
