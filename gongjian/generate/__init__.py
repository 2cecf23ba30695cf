"""Deterministic synthetic ledgers (台账) of 区域化党建 for demos, tests and benchmarks.

``generate(scale, seed, out, as_of=None, progress=None)`` writes one CSV per table of
:data:`gongjian.model.TABLES` (``areas.csv`` … ``registrations.csv``) the way users keep
them: the canonical Chinese headers, UTF-8 with BOM, enum values as Chinese words,
dates ``YYYY-MM-DD``, multi-value cells joined with ``；``. It returns the rows written
per table. ``progress(stage, rows_so_far)`` is called after each county and at the end.

Scales (figures from the seed articles):

- ``tiny``: 官渡区 with 2 streets (太和, 吴井) and 6 communities, 佴家湾社区 among them;
  ~25 units, ~40 needs. Holds at least one of every gap a planner looks for: former
  member, expired agreement, agreement in force ≥180 days with no project between its
  sides, community without a big committee, unit in no platform, grid without a party
  branch, stale / done / uncategorised needs, needs at grid and block level, idle /
  full / retired / uncategorised resources, urgency 高/中/低.
- ``kunming``: 五华、盘龙、官渡、西山、呈贡 — 59 streets, 286 communities (281 big party
  committees), 46 street alliances (10 other streets run a 大工委), exactly 1,413
  distinct units sitting on big committees, ~3,300 grids, a few thousand needs.
- ``province``: Yunnan — 16 prefectures, 129 counties, ~1,400 streets and townships,
  ~14,000 communities and villages, ~390,000 grids: about 1.2 million nodes and 2.3
  million relationships. Streamed county by county (~25 s, <100 MB).

Everything is drawn from one ``random.Random(seed)`` (no hash order anywhere) and every
date is relative to ``as_of`` (default today; none lies after it), so the same
(scale, seed, as_of) gives byte-identical files.

What the ingest side can rely on:

- Area codes: 12-digit statistical codes down to communities/villages (县 6 digits +
  街道/乡镇 3 + 社区/村 3; streets 001–099, towns 100–199, 乡 200+; communities 001–199,
  villages 200+); a grid extends its community's code by 3 digits (15), a block its
  grid's by 2 (17). Every row after the top one has a parent of a higher level, and
  parents come before children in the file. Populations are left empty above the
  part of the province a scale covers.
- Unit ids are valid 18-character 统一社会信用代码, except owners' committees, village
  clinics and a few small units with local codes ``U-<county>-<nnnnn>``. No other id is
  18 characters long, and ids are unique across all tables: ``PO`` party orgs, ``PF``
  platforms, ``PS`` people, ``AG`` agreements, ``N`` needs, ``R`` resources, ``PJ``
  projects.
- A party org has either 所属单位 (unit orgs) or 所在区划 (territorial orgs: 省委 … 社区
  党组织, 网格党支部/党小组, 楼栋党小组), never both. 身份 also uses 党组织书记.
- 甲方 is a community/village party org id (~70%) or the community's code; 乙方 a unit
  id or the unit's party org id (about half each).
- Needs (~5%) and resources (~4%) may have an empty category; their text always
  carries the keywords of the intended category. 需求 of a project is one need id,
  资源 one or two resource ids. Link rows are unique per (member, platform) and per
  (subject, community); 服务时长 may be a half hour (``12.5``).
- Needs live the loop (docs/domain.md): every need has its history in events.csv (采集,
  then 上报 on each monthly deadline it passed while nobody took it, 派单 and 接单 by a
  unit's project or 接单 by the level's own staff, 办结 or 关闭, 退回 after a 不满意
  verdict), dated in order and never after ``as_of``. 办理层级 is the level of its latest
  event, 办结日期 the date of its 办结 (its project's 完成日期); a project starts on the day
  its need was taken and has a 计划完成日期 (some finished after it, some under way past
  it). feedback.csv holds residents' verdicts on most done needs, each on or after the
  need's 办结日期; a 不满意 need stays 已办结 in needs.csv, and ingest sends it back to 办理中
  with the same 退回 event events.csv has. Old needs are ~96 % done, most at grid or
  community level, a few at the county; no need is done twice.
- evaluations.csv holds two-way evaluations (双向评议) for the year before ``as_of`` (and its
  first half once over): each community grades most of its big committee's units and its
  agreement partners (paper-only partners grade lower), and most of them grade it back.
  They are drawn from a generator of their own: the other files are as they were without them.
- Phones are 11-digit mobiles or ``0871-6xxxxxxx`` landlines; ~7% of people have no
  身份证号, the others valid and unique ones.

The package: ``words/`` (the word tables, as data), ``scales`` (the figures), ``regions``
(the plan of cities down to grids), ``build`` (the walk that writes it all) with
``territory`` (areas and their party orgs), ``units`` and ``unit_names``, ``people``,
``platforms``, ``lists`` and ``loop`` (the needs' histories); ``run`` (what one generation shares), ``codes``,
``templates``, and ``ledgers`` (the writer).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

from gongjian.generate.build import Progress, build
from gongjian.generate.ledgers import Ledgers
from gongjian.generate.run import Run
from gongjian.generate.scales import SCALES, Scale

__all__ = ["SCALES", "Progress", "Scale", "cache_folder", "fingerprint", "generate"]


def generate(
    scale: Scale,
    seed: int,
    out: Path,
    as_of: dt.date | None = None,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Write a synthetic dataset of ``scale`` into the folder ``out``; rows written per table.

    The same (scale, seed, as_of) always gives byte-identical files; ``as_of``
    (default today) anchors every date, so expired agreements and stale needs stay
    expired and stale whenever it runs.
    """
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; one of {', '.join(SCALES)}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    return build(Run(scale, seed, as_of or dt.date.today(), Ledgers(out)), progress)


def fingerprint() -> str:
    """A short hash of what decides the files: every module and data file of this package
    (by path) and the modules it draws codes, categories and the loop's deadlines from. A cache of generated
    ledgers keyed on it (as ``bench/`` keeps them) is made again when any of them changes."""
    from gongjian import model
    from gongjian.ingest import classify as classify_module
    from gongjian.ingest import codes
    from gongjian.rules import loop

    package = Path(__file__).parent
    h = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        name = path.relative_to(package)
        if path.is_file() and "__pycache__" not in name.parts:
            h.update(name.as_posix().encode())
            h.update(path.read_bytes())
    model_files = sorted(Path(model.__file__).parent.glob("*.py"))  # the model is a package
    for module_file in (*model_files, codes.__file__, classify_module.__file__, loop.__file__):
        h.update(Path(module_file).read_bytes())
    return h.hexdigest()[:10]


def cache_folder(cache: Path, scale: str, seed: int, as_of: dt.date) -> Path:
    """Where ``cache`` keeps the ledgers of (scale, seed, as_of) made by this generator (a
    ``.complete`` file in it says they are whole); another generator's, and an unfinished
    one, are removed."""
    name = f"{scale}-{seed}-{as_of.isoformat()}"
    folder = cache / f"{name}-{fingerprint()}"
    for stale in cache.glob(f"{name}*"):
        if stale != folder or not (folder / ".complete").exists():
            shutil.rmtree(stale, ignore_errors=True)
    return folder
