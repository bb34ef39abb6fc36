"""Properties of the assignment planner on random juries, applications and conflicts."""

from hypothesis import given, settings
from hypothesis import strategies as st

from vouchers.jury.planner import plan_assignments


@st.composite
def juries(draw):
    jurors = [f"j{index}" for index in range(draw(st.integers(1, 7)))]
    applications = [f"a{index}" for index in range(draw(st.integers(0, 14)))]
    k = draw(st.integers(1, 4))
    pairs = [(app, juror) for app in applications for juror in jurors]
    conflicts = set(draw(st.lists(st.sampled_from(pairs), max_size=len(pairs) // 3))) if pairs else set()
    existing = {}
    for app in applications:
        free = [juror for juror in jurors if (app, juror) not in conflicts]
        existing[app] = (
            set(draw(st.lists(st.sampled_from(free), max_size=min(k, 1), unique=True))) if free else set()
        )
    seed = draw(st.integers(0, 1000))
    return jurors, applications, k, conflicts, existing, seed


def plan(case):
    jurors, applications, k, conflicts, existing, seed = case
    return plan_assignments(
        applications=applications,
        jurors=jurors,
        per_application=k,
        conflicts=conflicts,
        existing=existing,
        seed=seed,
    )


@settings(max_examples=150, deadline=None)
@given(juries())
def test_every_application_gets_k_free_jurors_and_keeps_its_manual_ones(case):
    jurors, applications, k, conflicts, existing, _seed = case
    result = plan(case)

    for app in applications:
        free = [juror for juror in jurors if (app, juror) not in conflicts]
        assert len(result.assignments[app]) == min(k, len(free))
        assert existing[app] <= result.assignments[app]
        assert all((app, juror) not in conflicts for juror in result.assignments[app])


@settings(max_examples=150, deadline=None)
@given(juries())
def test_no_juror_two_applications_ahead_holds_one_a_lighter_juror_could_take(case):
    jurors, _applications, _k, conflicts, existing, _seed = case
    result = plan(case)
    loads = result.loads(jurors)

    for heavy in jurors:
        for light in jurors:
            if loads[heavy] >= loads[light] + 2:
                movable = [
                    app
                    for app, chosen in result.assignments.items()
                    if heavy in chosen
                    and heavy not in existing[app]
                    and light not in chosen
                    and (app, light) not in conflicts
                ]
                assert movable == []


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 8), st.integers(0, 30), st.integers(1, 4), st.integers(0, 1000))
def test_without_conflicts_loads_differ_by_at_most_one(juror_count, application_count, k, seed):
    jurors = [f"j{index}" for index in range(juror_count)]
    applications = [f"a{index}" for index in range(application_count)]

    loads = plan_assignments(applications=applications, jurors=jurors, per_application=k, seed=seed).loads(
        jurors
    )

    assert max(loads.values()) - min(loads.values()) <= 1


@settings(max_examples=50, deadline=None)
@given(juries())
def test_the_same_seed_gives_the_same_plan(case):
    assert plan(case) == plan(case)


def test_a_known_case_is_balanced_and_respects_conflicts():
    result = plan_assignments(
        applications=["a1", "a2", "a3"],
        jurors=["j1", "j2", "j3"],
        per_application=2,
        conflicts={("a1", "j1")},
        existing={"a2": {"j1"}},
        seed=7,
    )

    assert result.assignments["a1"] == {"j2", "j3"}
    assert "j1" in result.assignments["a2"]
    assert sorted(result.loads(["j1", "j2", "j3"]).values()) == [2, 2, 2]
    assert result.shortfalls == {}
