"""rdflib's joins and MINUS of two evaluated sides by hash, not nested loops: the same solutions, far fewer compared.

rdflib joins two sides it cannot evaluate one inside the other (a join of sub-selects, one of them a join itself) by
comparing every solution of one side with every solution of the other, and so takes MINUS apart too. The library's
aggregates join sub-selects so that Oxigraph reads each property once (theme_matrix.rq): at 10 times the bundled
corpus rdflib then compared millions of pairs (theme_matrix: more than 4 minutes). Here each side is hashed on the
variables every one of its solutions and every solution of the other side binds; solutions are compared only
within one bucket, by rdflib's own ``compatible`` test. Sides whose solutions share no always-bound variable are
compared pair by pair. Where the right side is triple patterns alone, they are found for each left solution instead
(co_statements.rq's labels after its counts: every pair of labels otherwise). Registered in rdflib's
``CUSTOM_EVALS`` when the rdflib engine is used.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

NAME = "congress-kg hash joins"


def register() -> None:
    """Make rdflib evaluate its non-lazy joins and its MINUS by hash (idempotent)."""
    from rdflib.plugins.sparql import CUSTOM_EVALS

    CUSTOM_EVALS[NAME] = evaluate


def evaluate(ctx: Any, part: Any) -> Any:
    """rdflib's custom evaluation hook: a non-lazy Join or a Minus by hash; NotImplementedError for anything else
    (rdflib then evaluates the part itself)."""
    from rdflib.plugins.sparql.evaluate import evalLazyJoin, evalPart

    if part.name == "Join" and not part.lazy:
        if part.p2.name == "BGP":  # triple patterns found for each left solution, as rdflib joins where it may
            return evalLazyJoin(ctx, part)
        # as rdflib: the left side as it comes, the right side as a set
        return hash_join(evalPart(ctx, part.p1), set(evalPart(ctx, part.p2)))
    if part.name == "Minus":
        return hash_minus(evalPart(ctx, part.p1), set(evalPart(ctx, part.p2)))
    raise NotImplementedError


def hash_join(left: Iterable[Any], right: Iterable[Any]) -> Iterator[Any]:
    """Each merge of a left and a right solution that are compatible, as rdflib's ``_join`` gives them."""
    for x, candidates in _candidates(left, right):
        yield from (x.merge(y) for y in candidates if x.compatible(y))


def hash_minus(left: Iterable[Any], right: Iterable[Any]) -> Iterator[Any]:
    """The left solutions no right solution is compatible with while sharing a variable, as rdflib's ``_minus``."""
    for x, candidates in _candidates(left, right):
        if not any(x.compatible(y) and not x.disjointDomain(y) for y in candidates):
            yield x


def _candidates(left: Iterable[Any], right: Iterable[Any]) -> Iterator[tuple[Any, list[Any]]]:
    """Each left solution with the right solutions that can be compatible with it: those of its bucket, hashed on
    the variables every solution of both sides binds, or every right solution where no variable is."""
    lefts, rights = list(left), list(right)
    key = _shared(lefts, rights)
    if not key:
        yield from ((x, rights) for x in lefts)
        return
    buckets: dict[tuple[Any, ...], list[Any]] = defaultdict(list)
    for y in rights:
        buckets[tuple(y[v] for v in key)].append(y)
    for x in lefts:
        yield x, buckets.get(tuple(x[v] for v in key), [])


def _shared(lefts: list[Mapping[Any, Any]], rights: list[Mapping[Any, Any]]) -> tuple[Any, ...]:
    """The variables every solution of both sides binds, in a fixed order; () when a side is empty."""
    if not lefts or not rights:
        return ()
    common = set(lefts[0]) & set(rights[0])
    for solution in (*lefts, *rights):
        common &= set(solution)
        if not common:
            return ()
    return tuple(sorted(common, key=str))
