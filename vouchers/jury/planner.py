"""Balanced assignment of jurors to applications, as a min-cost flow.

Each application needs k distinct jurors, never a conflicted one; assignments that
exist (manual ones included) are kept. Among all ways to give every application
its k jurors, the planner picks one that minimises Σ load², so loads differ by at
most one whenever the conflicts allow it, and no juror with two more applications
than another holds one the other could take. Ties are broken by a seeded shuffle:
the same seed gives the same plan.

Successive shortest paths with Bellman–Ford (SPFA) on the residual graph; the
juror→sink arcs carry a convex cost (the juror's current load), which is what
balances the loads.
"""

import random
from collections import Counter, deque
from dataclasses import dataclass


@dataclass(frozen=True)
class Plan:
    assignments: dict  # application -> frozenset of jurors (existing ones included)
    shortfalls: dict  # application -> jurors still missing (not enough free jurors)

    def loads(self, jurors):
        counts = Counter(juror for chosen in self.assignments.values() for juror in chosen)
        return {juror: counts[juror] for juror in jurors}


class _Network:
    """Source → applications → jurors → sink, with residual arcs."""

    SOURCE, SINK = 0, 1

    def __init__(self, apps, people, load):
        self.app_node = {app: 2 + index for index, app in enumerate(apps)}
        self.juror_node = {juror: 2 + len(apps) + index for index, juror in enumerate(people)}
        self.juror_of_node = {node: juror for juror, node in self.juror_node.items()}
        self.app_nodes = set(self.app_node.values())
        self.graph = [[] for _ in range(2 + len(apps) + len(people))]  # [to, capacity, cost, reverse]
        self.load = load

    def arc(self, frm, to, capacity, cost=0):
        self.graph[frm].append([to, capacity, cost, len(self.graph[to])])
        self.graph[to].append([frm, 0, -cost, len(self.graph[frm]) - 1])

    def shortest_path(self):
        """Predecessors on a cheapest source→sink path, or None when none is left."""
        size = len(self.graph)
        distance, previous, queued = [None] * size, [None] * size, [False] * size
        distance[self.SOURCE] = 0
        queue = deque([self.SOURCE])
        while queue:
            node = queue.popleft()
            queued[node] = False
            for index, (to, capacity, cost, _reverse) in enumerate(self.graph[node]):
                if capacity > 0 and (distance[to] is None or distance[node] + cost < distance[to]):
                    distance[to], previous[to] = distance[node] + cost, (node, index)
                    if not queued[to]:
                        queued[to] = True
                        queue.append(to)
            if node in self.juror_of_node:
                # Convex cost: the next application costs the juror's current load.
                cost = distance[node] + self.load[self.juror_of_node[node]]
                if distance[self.SINK] is None or cost < distance[self.SINK]:
                    distance[self.SINK], previous[self.SINK] = cost, (node, None)
        return previous if distance[self.SINK] is not None else None

    def augment(self, previous):
        """Push one unit along the path (every inner arc has capacity 1)."""
        node = previous[self.SINK][0]
        while node != self.SOURCE:
            frm, index = previous[node]
            forward = self.graph[frm][index]
            forward[1] -= 1
            self.graph[node][forward[3]][1] += 1
            if frm in self.app_nodes and node in self.juror_of_node:
                self.load[self.juror_of_node[node]] += 1  # the juror takes the application
            elif frm in self.juror_of_node and node in self.app_nodes:
                self.load[self.juror_of_node[frm]] -= 1  # an earlier choice undone
            node = frm

    def chosen(self, app):
        return {
            self.juror_of_node[to]
            for to, capacity, _cost, _reverse in self.graph[self.app_node[app]]
            if to in self.juror_of_node and capacity == 0
        }


def plan_assignments(*, applications, jurors, per_application, conflicts=frozenset(), existing=None, seed=0):
    """Plan assignments; ``conflicts`` is a set of (application, juror) pairs."""
    rng = random.Random(seed)  # noqa: S311 - tie-breaking, not security
    apps = sorted(applications, key=str)
    rng.shuffle(apps)
    people = sorted(jurors, key=str)
    rng.shuffle(people)
    existing = {app: set((existing or {}).get(app, ())) & set(people) for app in apps}
    network = _Network(apps, people, Counter(juror for app in apps for juror in existing[app]))
    for app in apps:
        need = max(0, per_application - len(existing[app]))
        if need:
            network.arc(network.SOURCE, network.app_node[app], need)
            for juror in people:
                if juror not in existing[app] and (app, juror) not in conflicts:
                    network.arc(network.app_node[app], network.juror_node[juror], 1)
    while (previous := network.shortest_path()) is not None:
        network.augment(previous)
    assignments = {app: frozenset(existing[app] | network.chosen(app)) for app in apps}
    shortfalls = {
        app: per_application - len(chosen)
        for app, chosen in assignments.items()
        if len(chosen) < per_application
    }
    return Plan(assignments=assignments, shortfalls=shortfalls)
