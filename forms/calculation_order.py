"""The order calculations run in: each after every calculation it reads, cycles named.

A calculated question reads other answers through its `calculate` and `relevant` expressions.
When one of those is itself calculated it must be worked out first, whatever order the template
lists them in. Two or more calculations that read each other (a cycle) have no such order: the
template loader refuses them, naming the ids that form the cycle.
"""

from __future__ import annotations

from collections.abc import Sequence

from forms.expressions import cached_expression
from forms.model import Question
from forms.problems import ExpressionError


def _reads(question: Question) -> set[str]:
    names: set[str] = set()
    for text in (question.calculate, question.relevant):
        if text is None:
            continue
        try:
            names |= cached_expression(text).names()
        except ExpressionError:
            continue  # the loader reports a malformed expression on its own
    return names


def _dependencies(calculated: Sequence[Question]) -> dict[str, list[str]]:
    """For each calculated id, the calculated ids it reads (in document order)."""
    position = {question.id: index for index, question in enumerate(calculated)}
    return {
        question.id: sorted(
            (name for name in _reads(question) if name in position), key=position.__getitem__
        )
        for question in calculated
    }


def calculation_order(questions: Sequence[Question]) -> list[Question]:
    """The calculated questions among `questions`, each after the calculations it reads.

    Ties keep document order, so a template already in a good order runs as written. Questions
    caught in a cycle (which the loader refuses) come last, in document order.
    """
    calculated = [question for question in questions if question.calculate is not None]
    if len(calculated) < 2:
        return calculated
    depends = _dependencies(calculated)
    by_id = {question.id: question for question in calculated}
    waiting = {qid: len(set(needs) - {qid}) for qid, needs in depends.items()}
    readers: dict[str, list[str]] = {qid: [] for qid in depends}
    for qid, needs in depends.items():
        for need in set(needs) - {qid}:
            readers[need].append(qid)
    position = {question.id: index for index, question in enumerate(calculated)}
    ready = sorted((qid for qid, count in waiting.items() if count == 0), key=position.__getitem__)
    ordered: list[Question] = []
    done: set[str] = set()
    while ready:
        qid = ready.pop(0)
        ordered.append(by_id[qid])
        done.add(qid)
        freed = False
        for reader in readers[qid]:
            waiting[reader] -= 1
            if waiting[reader] == 0:
                ready.append(reader)
                freed = True
        if freed:
            ready.sort(key=position.__getitem__)
    ordered.extend(question for question in calculated if question.id not in done)
    return ordered


def calculation_cycle(questions: Sequence[Question]) -> list[str] | None:
    """The ids of one cycle of calculations reading each other, e.g. ``['a', 'b', 'a']``
    (first id repeated at the end), or None when the calculations have an order.

    A calculation that reads itself is a cycle of one: ``['a', 'a']``.
    """
    calculated = [question for question in questions if question.calculate is not None]
    depends = _dependencies(calculated)
    state: dict[str, int] = {}  # 1 on the current path, 2 finished
    for start in depends:
        if state.get(start):
            continue
        path: list[str] = [start]
        stack: list[tuple[str, int]] = [(start, 0)]
        state[start] = 1
        while stack:
            node, index = stack[-1]
            needs = depends[node]
            if index >= len(needs):
                stack.pop()
                path.pop()
                state[node] = 2
                continue
            stack[-1] = (node, index + 1)
            need = needs[index]
            if state.get(need) == 1:
                return [*path[path.index(need) :], need]
            if not state.get(need):
                state[need] = 1
                path.append(need)
                stack.append((need, 0))
    return None
