"""The three figures of a case: the system map, Hartman's ecomap and the approach map.

Each reads the case through its networkx graph and returns a :class:`matplotlib.figure.Figure` not
registered with ``pyplot``. The system map is its ground (lines, shapes, names, title, legend) and its
marks (badges, "–", verdicts), so that :mod:`swedu.draw.after_check` can keep the one and lay the other.

>>> import swedu
>>> fig = approach_map(swedu.load_scenario("delinquent-youth"), "monolistic", {"actors": {"teen"}})
>>> [m.get_gid() for m in fig.axes[0].texts if (m.get_gid() or "").startswith("addressed:")]
['addressed:teen']
"""
from __future__ import annotations

import math
from collections.abc import Mapping

from matplotlib.figure import Figure
from matplotlib.patches import Circle

from swedu.assess import Feedback
from swedu.draw.labels import _Placer, _places_around, _renderer
from swedu.draw.geometry import _NODE_R, _label_order, _relations, ecomap_layout, household_members, layout
from swedu.draw.legend import _legend
from swedu.draw.style import (_EDGE_COLOUR, _FONT, _HIGHLIGHT, _NAME_BOX, _NODE_FACE, _axes_for, _badge_mark,
                              _describe, _font_for, _label, _node, _plain_text, _prepare, _put, _relation, wrapped)
from swedu.i18n import t
from swedu.outcome import ITEM_STATUSES
from swedu.systems import SYSTEM_IDS


@_plain_text
def system_map(scenario, stage=None, feedback: Feedback | None = None, ax=None) -> Figure:
    """The person-in-environment graph of one stage with the four systems marked.

    Drawn from ``scenario.graph(stage)``. Without ``feedback`` the badges show the
    answer key of the stage (for lecturers and for the end of an activity). With a
    finished :class:`swedu.Feedback` (``scenario.assess(answer, stage)``; its stage
    is the one drawn) the badges show the learner's choices and every actor carries
    its verdict as an icon and words, so mistakes are marked without revealing the
    roles not yet tried. Drawing never grades.

    >>> import swedu
    >>> youth = swedu.load_scenario("delinquent-youth")
    >>> fig = system_map(youth, "reassessment")
    >>> sorted(a.get_text() for a in fig.axes[0].texts if (a.get_gid() or "").startswith("badge:parents"))
    ['AC', 'T']
    >>> fig = system_map(youth, feedback=youth.assess({"parents": "client"}))
    >>> [a.get_gid() for a in fig.axes[0].texts if (a.get_gid() or "").startswith("verdict:parents")]
    ['verdict:parents:correct']
    """
    graph = scenario.graph(_stage_of(scenario, stage, feedback))
    fig, ax, legend_ax = _axes_for(ax)
    pos = _system_map_ground(scenario, graph, ax, legend_ax, marks=feedback is not None)
    for mark in _system_map_marks(graph, pos, feedback):
        _put(ax, mark)
    stage = scenario.stage(graph.graph["stage"])
    return _describe(fig, t("draw.alt.answer_map" if feedback is not None else "draw.alt.system_map",
                            scenario=str(scenario.title), stage=str(stage.title), actors=graph.number_of_nodes(),
                            relations=graph.number_of_edges()))


def _stage_of(scenario, stage, feedback) -> str:
    """The id of the stage a map shows: ``feedback``'s (which must be a finished Feedback), else ``stage``."""
    if feedback is None:
        return scenario.stage(stage).id
    if not isinstance(feedback, Feedback):
        raise TypeError(t("draw.error.not_feedback", given=type(feedback).__name__))
    return feedback.stage.id


def _system_map_ground(scenario, graph, ax, legend_ax, *, marks: bool) -> dict:
    """What a system map shows whatever the answer: lines, shapes, names, title and legend.

    Returns the positions of the actors.
    """
    pos = _system_map_picture(scenario, graph, ax, marks=marks)
    _legend(legend_ax, marks=marks)
    return pos


def _system_map_picture(scenario, graph, ax, *, marks: bool) -> "_Places":
    """The ground of a system map but its legend; returns where the actors and their marks are."""
    steps = _system_map_steps(scenario, graph, ax, marks=marks)
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value


def _system_map_steps(scenario, graph, ax, *, marks: bool):
    """:func:`_system_map_picture` in steps of a few milliseconds (a generator; its value is the places).
    Places are chosen at :data:`_PLACING_DPI`, so a map drawn at any resolution has the same picture."""
    dpi = ax.figure.dpi
    ax.figure.set_dpi(_PLACING_DPI)
    try:
        places = yield from _system_map_placed(scenario, graph, ax, marks=marks)
    finally:
        ax.figure.set_dpi(dpi)
    return places


_PLACING_DPI = 100
"""The resolution at which names and marks are placed (the figures' own: see ``style._new_figure``)."""


def _system_map_placed(scenario, graph, ax, *, marks: bool):
    pos = layout(graph)
    _prepare(ax, pos, pad=0.4)  # room for the names and marks around the larger nodes
    size = _font_for(graph.number_of_nodes())
    places = _Places(ax, pos, size, badges=False)
    yield
    yield from places.measure_badges()
    for source, target, r in _relations(graph):
        _relation(ax, pos[source], pos[target], r["quality"], r["strength"], r["direction"],
                  f"edge:{source}:{target}:{r['quality']}:{r['strength']}", ends=places.ends(source, target))
    for actor_id, actor in graph.nodes(data=True):
        collective = actor["collective"]
        places.block(_node(ax, pos[actor_id], collective, f"node:{actor_id}:{'collective' if collective else 'person'}",
                           r=places.radius))
    places.avoid_relations()
    yield
    for actor_id, actor in graph.nodes(data=True):
        name = ax.text(0.0, 0.0, _label(actor["name"]), fontsize=size, zorder=5, bbox=_NAME_BOX, parse_math=False)
        name.set_gid(f"name:{actor_id}")
        places.put_name(actor_id, name)
        yield
    if marks:
        yield from places.keep_room(graph, [_verdict_mark("measure", (0.0, 0.0), s, size) for s in ITEM_STATUSES])
    stage = scenario.stage(graph.graph["stage"])
    key = "draw.answer_map_title" if marks else "draw.system_map_title"
    ax.set_title(t(key, scenario=str(scenario.title), stage=str(stage.title)), fontsize=_FONT + 3,
                 fontweight="bold", loc="left")
    return places


class _Places:
    """Where an actor's marks go on a map: its badges on its node, its verdict (or ◆) in a place beside it
    that no line, arrowhead, name or other mark covers; chosen once, with the map's ground.

    The badges of an actor sit in a block of cells on its node (one, two side by side, or two rows of two);
    relation lines stop outside that block (:meth:`ends`), so no badge is ever under a line or an arrowhead,
    and the names and the mark's place are chosen around it by a :class:`~swedu.draw.labels._Placer`.
    """

    GAP = 3.0
    """Points between a badge block (or node) and a line's end, a name or a mark."""

    def __init__(self, ax, pos, size: float, *, badges: bool):
        self.ax, self.pos, self.size = ax, pos, size
        ax.apply_aspect()
        fig = ax.figure
        self.placer = _Placer(ax, _renderer(fig))
        self.px = abs(ax.transData.transform((1.0, 0.0))[0] - ax.transData.transform((0.0, 0.0))[0])
        """Pixels per data unit (the aspect is equal)."""
        self.gap = self.GAP * fig.dpi / 72.0 / self.px
        self.cell = self.half = (0.0, 0.0)
        self.radius = _NODE_R
        self.room: dict = {}
        if badges:
            for _step in self.measure_badges():
                pass

    def measure_badges(self):
        """Make room for badges: cells as large as the largest badge of this map, and nodes large enough to
        carry two rows of two (a generator: one step per badge measured)."""
        boxes = []
        for s in SYSTEM_IDS:
            boxes.append(self._measure(_badge_mark(0.0, 0.0, s, "measure", self.size)))
            yield
        cw, ch = max(w for w, _h in boxes) + self.gap / 2, max(h for _w, h in boxes) + self.gap / 2
        self.cell = self.half = (cw, ch)  # the largest block: two rows of two cells
        self.radius = max(_NODE_R, 0.8 * math.hypot(cw, ch))

    def _measure(self, mark) -> tuple:
        """``(width, height)`` of a mark as drawn on this map, in data units."""
        artist = _put(self.ax, mark)
        try:
            x0, y0, x1, y1 = self.placer._box(artist, 0.0)
        finally:
            artist.remove()
        return ((x1 - x0) / self.px, (y1 - y0) / self.px)

    def _reach(self, dx: float, dy: float) -> float:
        """How far from a node's centre, in the direction (dx, dy), its node and badge block end."""
        length = math.hypot(dx, dy) or 1.0
        ux, uy = abs(dx) / length, abs(dy) / length
        hx, hy = self.half
        block = min(hx / ux if ux > 1e-9 else math.inf, hy / uy if uy > 1e-9 else math.inf) if hx else 0.0
        return max(self.radius * 1.15, block + self.gap)

    def ends(self, source: str, target: str) -> tuple:
        """How far from each end's centre a relation line stops: outside the node and its badge block."""
        (x0, y0), (x1, y1) = self.pos[source], self.pos[target]
        return (self._reach(x1 - x0, y1 - y0), self._reach(x0 - x1, y0 - y1))

    def block(self, node):
        """Keep names and marks off ``node`` and the badge block on it."""
        self.placer.block(node)
        if self.half[0]:
            gid = node.get_gid().split(":")[1]
            (x, y), (hx, hy) = self.pos[gid], self.half
            (x0, y0), (x1, y1) = self.ax.transData.transform([(x - hx, y - hy), (x + hx, y + hy)])
            self.placer.block_box((x0, y0, x1, y1))

    def avoid_relations(self):
        """Keep names and marks off every relation line and arrowhead drawn so far (as drawn)."""
        _avoid_relations(self.placer, self.ax)

    def _around(self, actor_id: str, first: str) -> list:
        """Places ``(x, y, ha, va)`` around an actor's node and block, ``first`` ("below" or "above") first."""
        x, y = self.pos[actor_id]
        reach = (max(self.half[0], self.radius) + self.gap, max(self.half[1], self.radius) + self.gap)
        return _places_around(x, y, *reach, first=first, further=0.3 * self.radius, rings=8)

    def put_name(self, actor_id: str, text):
        """Put an actor's name beside its node (below if that place is clear)."""
        self.placer.put(text, self._around(actor_id, "below"))

    def keep_room(self, graph, marks: list):
        """Choose, for every actor, a place beside its node wide and tall enough for each of ``marks`` (the
        verdicts, or the ◆), clear of everything drawn and of the other actors' places (a generator: one
        step per actor)."""
        boxes = []
        for mark in marks:
            boxes.append(self._measure(mark))
            yield
        width, height = max(w for w, _h in boxes), max(h for _w, h in boxes)
        for actor_id in graph.nodes:
            # The room is a stand-in text as large as the largest mark, placed and then taken away.
            stand_in = self.ax.text(0.0, 0.0, "", zorder=0)
            stand_in.get_window_extent = _fixed_extent(stand_in, self.ax, width, height)
            self.placer.put(stand_in, self._around(actor_id, "above"))
            x, y = stand_in.get_position()
            self.room[actor_id] = (x, y, stand_in.get_ha(), stand_in.get_va())
            stand_in.remove()
            yield

    def badges(self, actor_id: str, systems) -> list:
        """``(x, y)`` of each of up to four badges on an actor's node, in the order given."""
        x, y = self.pos[actor_id]
        cw, ch = self.cell
        cells = {1: [(0.0, 0.0)], 2: [(-cw / 2, 0.0), (cw / 2, 0.0)],
                 3: [(-cw / 2, ch / 2), (cw / 2, ch / 2), (0.0, -ch / 2)],
                 4: [(-cw / 2, ch / 2), (cw / 2, ch / 2), (-cw / 2, -ch / 2), (cw / 2, -ch / 2)]}[len(systems)]
        return [(x + dx, y + dy) for dx, dy in cells]

    def mark_place(self, actor_id: str) -> tuple:
        """``(x, y, ha, va)`` of an actor's verdict or ◆."""
        return self.room[actor_id]


def _fixed_extent(text, ax, width: float, height: float):
    """A ``get_window_extent`` for a stand-in text: a box ``width`` by ``height`` (data units) anchored as the
    text is (its position, ``ha`` and ``va``)."""
    from matplotlib.transforms import Bbox

    def extent(renderer=None):
        x, y = text.get_position()
        dx = {"center": -width / 2, "left": 0.0, "right": -width}[text.get_ha()]
        dy = {"center": -height / 2, "bottom": 0.0, "top": -height, "baseline": 0.0}[text.get_va()]
        return Bbox(ax.transData.transform([(x + dx, y + dy), (x + dx + width, y + dy + height)]))

    return extent


def _avoid_relations(placer, ax):
    """Keep ``placer``'s texts off every relation line (``edge:`` gids) and arrowhead (``arrow:``) on ``ax``, as
    drawn; each is owned by its ``(source, target)`` pair."""
    for line in ax.lines:
        gid = line.get_gid() or ""
        if gid.startswith("edge:"):
            placer.avoid_line(list(zip(line.get_xdata(), line.get_ydata())), line.get_linewidth(),
                              owner=tuple(gid.split(":")[1:3]))
    for patch in ax.patches:
        gid = patch.get_gid() or ""
        if gid.startswith("arrow:"):
            tail, tip = patch._posA_posB
            placer.avoid_head(tip, tail, patch.get_mutation_scale(), owner=tuple(gid.split(":")[1:3]))


def _system_map_marks(graph, places: "_Places", feedback: Feedback | None) -> list:
    """What changes with the answer: badges (the key's or the learner's), "–" for none, and verdicts.

    Marks are ``(gid, x, y, text, text options)`` in drawing order (all above the ground), at the
    ``places`` chosen with the map's ground.
    """
    size = places.size
    marks = []
    verdict_marks = []
    for actor_id, actor in graph.nodes(data=True):
        held = actor["systems"] if feedback is None else feedback.verdicts[actor_id].given
        marks += _held_marks(actor_id, places, held, size)
        if feedback is not None:
            verdict_marks.append(_verdict_mark(actor_id, places.mark_place(actor_id), feedback.verdicts[actor_id].status,
                                               size))
    # Badges (zorder 6) lie under every verdict (zorder 7), as in a figure drawn whole.
    return marks + verdict_marks


def _held_marks(actor_id: str, places: "_Places", held, size: float) -> list:
    """The badges of the systems an actor holds (or is given), or a "–" when none."""
    chosen = [s for s in SYSTEM_IDS if s in held]
    if chosen:
        return [_badge_mark(x, y, s, f"badge:{actor_id}:{s}", size)
                for (x, y), s in zip(places.badges(actor_id, chosen), chosen)]
    x, y = places.pos[actor_id]
    return [(f"nobadge:{actor_id}", x, y, "–",
             {"ha": "center", "va": "center", "fontsize": size, "color": "#555555", "zorder": 5})]


def _verdict_mark(actor_id: str, place, status: str, size: float) -> tuple:
    """An actor's verdict at its ``place`` ``(x, y, ha, va)`` beside its node (or a point: centred above it):
    the icon, and the words unless it is correct."""
    x, y, ha, va = place if len(place) == 4 else (*place, "center", "bottom")
    gid = f"verdict:{actor_id}:{status}"
    if status != "correct":
        words = "\n".join(wrapped(f"{t(f'verdict.{status}.icon')} {t(f'verdict.{status}.label')}", 20))
        return (gid, x, y, words, {
            "ha": ha, "va": va, "fontsize": size - 1, "fontweight": "bold", "zorder": 7, "linespacing": 1.0,
            "multialignment": "center",
            "bbox": {"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "black",
                     "linewidth": 1.0, "linestyle": "-"}})
    return (gid, x, y, t(f"verdict.{status}.icon"), {
        "ha": ha, "va": va, "fontsize": size, "fontweight": "bold", "zorder": 7})


@_plain_text
def ecomap(scenario, stage=None, ax=None) -> Figure:
    """Hartman's ecomap: the household circle in the centre, the surrounding systems around it.

    The household members (see :func:`household_members`) are drawn inside the circle;
    relations use the course legend (solid strong, thicker stronger, dashed tenuous,
    zigzag stressful, arrows for the flow of energy or resources). Hartman drew spokes
    from the centre only; links between outer systems are the modern extension and are
    drawn too. The layout (:func:`ecomap_layout`) keeps lines off the nodes they do not
    join, and every name and relation label is placed where it covers no node, no
    other text and no line or arrowhead (a relation's label may sit on its own line). ``stage`` only chooses the title's stage (relations do not change
    between stages).

    >>> import swedu
    >>> fig = ecomap(swedu.load_scenario("delinquent-youth"))
    >>> [a.get_gid() for a in fig.axes[0].patches if (a.get_gid() or "").startswith("node:")][:3]
    ['node:worker:outer', 'node:agency:outer', 'node:parents:centre']
    """
    graph = scenario.graph(stage)  # a clear error for an unknown stage
    fig, ax, legend_ax = _axes_for(ax)
    pos, circle = ecomap_layout(graph)
    _prepare(ax, pos)
    members = household_members(graph)
    size = _font_for(graph.number_of_nodes())
    alone = circle == 0.0
    centre = members[0]

    def radius(actor_id):
        return _NODE_R * (1.5 if alone and actor_id == centre else 1.0)

    if not alone:
        home = Circle((0.0, 0.0), circle, facecolor="#FFFBF0", edgecolor="#222222", linewidth=3.0, zorder=1)
        home.set_gid("household")
        ax.add_patch(home)
    nodes = {}
    for actor_id, actor in graph.nodes(data=True):
        is_centre = actor_id == centre
        role = "centre" if is_centre else ("household" if actor_id in members else "outer")
        big = alone and is_centre
        nodes[actor_id] = _node(ax, pos[actor_id], actor["collective"], f"node:{actor_id}:{role}",
                                face="#FFFFFF" if big else _NODE_FACE, lw=3.0 if big else 1.6, r=radius(actor_id))
    relations = list(_relations(graph))
    for source, target, r in relations:
        _relation(ax, pos[source], pos[target], r["quality"], r["strength"], r["direction"],
                  f"edge:{source}:{target}:{r['quality']}:{r['strength']}", radii=(radius(source), radius(target)))
    ax.apply_aspect()
    placer = _Placer(ax, _renderer(fig))
    for patch in nodes.values():
        placer.block(patch)
    _avoid_relations(placer, ax)
    # The household's names first: they have the least room.
    for actor_id in sorted(graph.nodes, key=lambda a: a not in members):
        actor = graph.nodes[actor_id]
        (x, y), r = pos[actor_id], radius(actor_id)
        big = alone and actor_id == centre
        text = ax.text(x, y, _label(actor["name"], 11 if actor_id in members and not alone else 18, lines=4),
                       fontsize=size + (1 if big else 0), fontweight="bold" if big else "normal",
                       zorder=5, bbox=_NAME_BOX, linespacing=1.0)
        text.set_gid(f"name:{actor_id}")
        places = _places_around(x, y, r + 0.02, r + 0.02, further=0.04, rings=6)
        placer.put(text, places)
    if not alone:
        caption = ax.text(0.0, circle, t("draw.household"), fontsize=size - 1, style="italic", zorder=5,
                          color="#333333", bbox=_NAME_BOX)
        caption.set_gid("household_label")
        places = []
        for degrees in (90, 270, 60, 120, 300, 240, 30, 150, 330, 210):
            a = math.radians(degrees)
            x, y = (circle + 0.015) * math.cos(a), (circle + 0.015) * math.sin(a)
            ha = "center" if abs(x) < 0.05 else ("left" if x > 0 else "right")
            va = "bottom" if y > 0.05 else ("top" if y < -0.05 else "center")
            places.append((x, y, ha, va))
        places += [(0.0, circle - 0.02, "center", "top"), (0.0, -circle + 0.02, "center", "bottom")]
        placer.put(caption, places)
    for source, target, r in _label_order(relations, pos):
        (x0, y0), (x1, y1) = pos[source], pos[target]
        label = ax.text((x0 + x1) / 2, (y0 + y1) / 2, _label(r["label"], 22), fontsize=size - 2, style="italic",
                        zorder=5, linespacing=1.0,
                        bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"})
        label.set_gid(f"relation_label:{source}:{target}")
        along = [0.5, 0.38, 0.62, 0.28, 0.72, 0.2, 0.8]
        length = math.hypot(x1 - x0, y1 - y0) or 1.0
        nx, ny = -(y1 - y0) / length, (x1 - x0) / length
        places = [(x0 + (x1 - x0) * u, y0 + (y1 - y0) * u, "center", "center") for u in along]
        places += [(x0 + (x1 - x0) * u + sx * nx, y0 + (y1 - y0) * u + sx * ny, "center", "center")
                   for sx in (0.07, -0.07, 0.13, -0.13, 0.19, -0.19) for u in along]
        placer.put(label, places, ignore={(source, target)})
    ax.set_title(t("draw.ecomap_title", scenario=graph.graph["title"]), fontsize=_FONT + 3,
                 fontweight="bold", loc="left")
    _legend(legend_ax, systems=False)
    return _describe(fig, ecomap_alt(graph))


def ecomap_alt(case) -> str:
    """What an ecomap of ``case`` (a :class:`swedu.Scenario` or its graph) shows, in words: who is in the
    household, who is around it, and how many ties of each quality join them (in the current language).

    >>> import swedu
    >>> print(ecomap_alt(swedu.load_scenario("delinquent-youth")))  # doctest: +ELLIPSIS +NORMALIZE_WHITESPACE
    Ecomap of Dimas and his parents: in the household circle, Mr and Mrs Hartono, Dimas; around it, ...
    Ties: 7 (3 strong, 3 tenuous, 1 stressful).
    """
    graph = case if hasattr(case, "adj") else case.graph()
    members = household_members(graph)
    qualities = [r["quality"] for _s, _t, r in _relations(graph)]
    names = graph.nodes
    return t("draw.alt.ecomap", scenario=graph.graph["title"],
             household=", ".join(str(names[a]["name"]) for a in members),
             outside=", ".join(str(names[a]["name"]) for a in graph.nodes if a not in members) or "-",
             ties=len(qualities), strong=qualities.count("strong"), tenuous=qualities.count("tenuous"),
             stressful=qualities.count("stressful"))


@_plain_text
def approach_map(scenario, approach: str, addressed: Mapping, ax=None) -> Figure:
    """One case graph with what an approach addresses highlighted (colour, hatch and a ◆ mark).

    ``addressed`` is ``{"actors": set of ids, "relations": set of (a, b) pairs}``, as
    computed by :func:`swedu.activities.approach_scope`. The case is drawn from its graph.
    """
    graph = scenario.graph()
    fig, ax, legend_ax = _axes_for(ax)
    dpi = fig.dpi
    fig.set_dpi(_PLACING_DPI)  # places chosen as on every map (see _system_map_steps)
    pos = layout(graph)
    _prepare(ax, pos, pad=0.4)  # room for the names and marks around the larger nodes
    size = _font_for(graph.number_of_nodes())
    places = _Places(ax, pos, size, badges=False)
    actors = set(addressed.get("actors", ()))
    pairs = {frozenset(p) for p in addressed.get("relations", ())}
    for source, target, r in _relations(graph):
        inside = frozenset((source, target)) in pairs
        _relation(ax, pos[source], pos[target], r["quality"], r["strength"], r["direction"],
                  f"edge:{source}:{target}:{'addressed' if inside else 'outside'}",
                  colour=_EDGE_COLOUR if inside else "#AAAAAA", alpha=1.0 if inside else 0.6,
                  ends=places.ends(source, target))
    for actor_id, actor in graph.nodes(data=True):
        inside = actor_id in actors
        patch = _node(ax, pos[actor_id], actor["collective"], f"node:{actor_id}:{'addressed' if inside else 'outside'}",
                      face=_HIGHLIGHT if inside else _NODE_FACE, edge="black" if inside else "#999999",
                      lw=2.6 if inside else 1.2)
        places.block(patch)
        if inside:
            patch.set_hatch("///")
    places.avoid_relations()
    for actor_id, actor in graph.nodes(data=True):
        text = ax.text(0.0, 0.0, _label(actor["name"]), fontsize=size, zorder=5, parse_math=False,
                       color="black" if actor_id in actors else "#555555", bbox=_NAME_BOX)
        text.set_gid(f"name:{actor_id}")
        places.put_name(actor_id, text)
    mark = ("addressed", 0.0, 0.0, t("draw.addressed_mark"), {"fontsize": size - 1, "fontweight": "bold", "zorder": 7})
    for _step in places.keep_room(graph, [mark]):
        pass
    for actor_id in graph.nodes:
        if actor_id in actors:
            x, y, ha, va = places.mark_place(actor_id)
            _put(ax, (f"addressed:{actor_id}", x, y, mark[3], {**mark[4], "ha": ha, "va": va}))
    fig.set_dpi(dpi)
    ax.set_title(t("draw.approach_title", approach=t(f"approach.{approach}.name").capitalize(),
                   scenario=str(scenario.title)), fontsize=_FONT + 3, fontweight="bold", loc="left")
    _legend(legend_ax, systems=False, approach=True)
    return _describe(fig, t("draw.alt.approach_map", approach=t(f"approach.{approach}.name").capitalize(),
                            scenario=str(scenario.title), addressed=len(actors & set(graph.nodes)),
                            actors=graph.number_of_nodes()))

