"""The search page's address and what it shows: each group's first hits, or one group by pages.

At x100 a common word ("roadmap") finds thousands of statements. The page first shows each
group's first PREVIEW hits, with a link to the rest of any group that has more; a group's own
pages show PAGE_SIZE hits each, with links to the pages before and after. So a results page
costs the same whatever the size of the data, and every hit can be reached (a group used to
stop at its first 50).
"""

from dataclasses import dataclass

from django.http import QueryDict
from django.utils.http import urlencode
from django.utils.safestring import SafeString

from ladder.query_strings import repeated_parameters
from ladder.search import GROUPS, MAX_QUERY_LENGTH, SearchResults, search_terms, search_window
from ladder.search.markup import hits_markup

PREVIEW = 10  # hits of each group on the first results page
PAGE_SIZE = 25  # hits on each page of one group
MAX_PAGE = 1_000_000
PARAMETERS = ("q", "in", "page")


@dataclass(frozen=True)
class SearchAsked:
    query: str
    group: str  # one of GROUPS, or "" for all of them
    page: int


@dataclass(frozen=True)
class SearchProblem:
    query: str
    detail: str


@dataclass(frozen=True)
class SearchPage:
    results: SearchResults | None  # None: no search asked yet
    hits: SafeString | str
    group: str
    number: int
    shown: int  # hits of each group a page shows at most
    more: bool  # a group has hits beyond those shown
    previous_url: str
    next_url: str
    all_url: str  # every group's first hits
    group_url: str  # the group's first page ("" for all groups)
    past_the_end: bool

    @property
    def first(self) -> int:
        """The place of the page's first hit in its group, from 1."""
        return (self.number - 1) * self.shown + 1


def read_search(params: QueryDict) -> SearchAsked | SearchProblem:
    query = params.get("q", "")
    if repeated := repeated_parameters(params, PARAMETERS):
        name, count = next(iter(repeated.items()))
        if name == "q":
            detail = f"Search for one thing at a time: the address gives {count} searches."
        else:
            detail = f"The address gives “{name}” {count} times; give it once."
        return SearchProblem(query, detail)
    if len(query) > MAX_QUERY_LENGTH:
        return SearchProblem(
            query,
            f"A search can be at most {MAX_QUERY_LENGTH} characters long; "
            f"this one has {len(query)}.",
        )
    group = params.get("in", "")
    if group and group not in GROUPS:
        return SearchProblem(
            query,
            f"“{group[:50]}” is not a group of results: give in=roles, in=positions or "
            "in=statements, or leave it out for all three.",
        )
    raw_page = params.get("page", "1")
    if not (raw_page.isascii() and raw_page.isdigit() and 1 <= int(raw_page) <= MAX_PAGE):
        return SearchProblem(
            query,
            f"“page” is a whole number from 1 to {MAX_PAGE:,}; this address gives "
            f"“{raw_page[:50]}”.",
        )
    if int(raw_page) > 1 and not group:
        return SearchProblem(
            query,
            "Results are paged one group at a time: give in=roles, in=positions or "
            "in=statements with the page.",
        )
    return SearchAsked(query, group, int(raw_page))


def search_page(asked: SearchAsked) -> SearchPage:
    if not asked.query.strip():
        return SearchPage(
            results=None,
            hits="",
            group="",
            number=1,
            shown=PREVIEW,
            more=False,
            previous_url="",
            next_url="",
            all_url="",
            group_url="",
            past_the_end=False,
        )
    shown = PAGE_SIZE if asked.group else PREVIEW
    groups = [asked.group] if asked.group else list(GROUPS)
    results, more = search_window(
        asked.query, limit=shown, offset=(asked.page - 1) * shown, groups=groups
    )

    def link(group: str = "", page: int = 1) -> str:
        return search_url(results.query, group, page)

    hits = hits_markup(
        results,
        search_terms(results.query),
        more={} if asked.group else {group: link(group) for group in more},
    )
    return SearchPage(
        results=results,
        hits=hits,
        group=asked.group,
        number=asked.page,
        shown=shown,
        more=bool(more),
        previous_url=link(asked.group, asked.page - 1) if asked.group and asked.page > 1 else "",
        next_url=link(asked.group, asked.page + 1) if asked.group and more else "",
        all_url=link(),
        group_url=link(asked.group) if asked.group else "",
        past_the_end=asked.page > 1 and not results.total,
    )


def search_url(query: str, group: str = "", page: int = 1) -> str:
    """The address of a search, of one group of its hits, of one page of that group: relative to
    the search page, which is where every link to it is (reversing its path for each link
    showed as ~0.5 ms a page under cProfile)."""
    params: dict[str, str | int] = {"q": query}
    if group:
        params["in"] = group
    if page > 1:
        params["page"] = page
    return f"?{urlencode(params)}"
